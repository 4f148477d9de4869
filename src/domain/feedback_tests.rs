use super::*;

fn d(m: u32, day: u32) -> Date {
    Date::from_ymd(2026, m, day).unwrap()
}

fn recognition(person: &str, on: Date) -> Feedback {
    Feedback {
        text: "Thank you".into(),
        ..Feedback::new(FeedbackKind::Recognition, person, on)
    }
}

fn corrective(person: &str, on: Date, follow_up: Date) -> Feedback {
    Feedback {
        corrective: Some(Corrective {
            observation: "you joined Tuesday's client call 20 minutes late".into(),
            impact: "the client waited and we ran out of time for the renewal".into(),
            expectation: "join client calls on time, or tell me the day before".into(),
            support: "move your 10:00 so you have time to prepare".into(),
            follow_up: Some(follow_up),
            ..Corrective::default()
        }),
        ..Feedback::new(FeedbackKind::Corrective, person, on)
    }
}

#[test]
fn conversation_follows_the_five_steps_without_repeating_lead_ins() {
    let f = corrective("p", d(11, 20), d(12, 4));
    let text = f.corrective.unwrap().conversation("Maya");
    assert_eq!(
        text,
        "Maya, I'd like to talk about something specific.\n\n\
         I've noticed that you joined Tuesday's client call 20 minutes late.\n\n\
         This affects the client waited and we ran out of time for the renewal.\n\n\
         What I need to see is join client calls on time, or tell me the day before.\n\n\
         How can I help you achieve this? I can move your 10:00 so you have time to prepare.\n\n\
         Let's check on progress on 4 December 2026."
    );
    let own_words = Corrective {
        observation: "I've noticed that the report came in late.".into(),
        impact: "THIS AFFECTS our Friday numbers".into(),
        expectation: "What I need to see is the report by Thursday!".into(),
        support: "I can pair with you on it".into(),
        follow_up: None,
        ..Corrective::default()
    };
    let text = own_words.conversation("");
    assert!(text.starts_with("I've noticed that the report came in late.\n\nTHIS AFFECTS our Friday numbers.\n\nWhat I need to see is the report by Thursday!"));
    assert!(text.ends_with("How can I help you achieve this? I can pair with you on it."));
    assert!(!text.contains("I've noticed that I've"));
    // Continuing the lead-in, a sentence's capital goes; a name's stays.
    let capitals = Corrective {
        observation: "The last two reports came in on Monday".into(),
        impact: "Sam had to redo the forecast".into(),
        expectation: "You send it by Friday noon".into(),
        support: "Ölçü check the template with you".into(),
        ..Corrective::default()
    }
    .conversation("");
    assert!(capitals.contains("I've noticed that the last two reports came in on Monday."));
    assert!(capitals.contains("This affects Sam had to redo"));
    assert!(capitals.contains("What I need to see is you send it by Friday noon."));
    assert!(capitals.contains("I can Ölçü check"));
}

#[test]
fn stored_feedback_is_checked_by_kind() {
    assert!(recognition("p", d(1, 1)).problems().is_empty());
    let empty = Feedback::new(FeedbackKind::Recognition, "p", d(1, 1));
    assert_eq!(empty.problems()[0].field, "text");
    let mut peer = Feedback::new(FeedbackKind::Peer, "p", d(1, 1));
    let fields = |f: &Feedback| f.problems().iter().map(|e| e.field).collect::<Vec<_>>();
    assert_eq!(fields(&peer), ["text", "impact", "from"]);
    peer.text = "Covered my queue".into();
    peer.impact = "I could finish the migration".into();
    peer.from = "p".into();
    assert_eq!(fields(&peer), ["from"]);
    peer.from = "q".into();
    assert!(peer.problems().is_empty());
    // An old conversation's follow-up date is not "in the past" for a stored record.
    assert!(corrective("p", d(1, 1), d(1, 5)).problems().is_empty());
    let mut no_steps = corrective("p", d(1, 1), d(1, 5));
    no_steps.corrective = None;
    assert_eq!(fields(&no_steps), ["observation"]);
    let mut no_date = corrective("p", d(1, 1), d(1, 5));
    no_date.corrective.as_mut().unwrap().follow_up = None;
    assert_eq!(fields(&no_date), ["follow_up"]);
}

#[test]
fn follow_ups_are_open_until_held_and_sorted_by_due_date() {
    let a = corrective("p", d(11, 1), d(11, 30));
    let b = corrective("q", d(11, 2), d(11, 10));
    let mut held = corrective("r", d(10, 1), d(10, 8));
    held.corrective.as_mut().unwrap().followed_up = Some(d(10, 8));
    let rec = recognition("p", d(11, 1));
    let all = [("a", &a), ("b", &b), ("held", &held), ("rec", &rec)];
    let due: Vec<_> = follow_ups(all.iter().map(|(i, f)| (*i, *f)), None)
        .iter()
        .map(|(id, _, due)| (*id, *due))
        .collect();
    assert_eq!(due, [("b", d(11, 10)), ("a", d(11, 30))]);
    let soon = follow_ups(all.iter().map(|(i, f)| (*i, *f)), Some(d(11, 20)));
    assert_eq!(soon.len(), 1);
    assert_eq!(soon[0].0, "b");
}

#[test]
fn requests_are_pending_per_peer_until_answered() {
    let req = FeedbackRequest {
        person: "maya".into(),
        peers: vec!["dev".into(), "sam".into()],
        topic: "Workshop".into(),
        asked_on: d(11, 1),
        closed: false,
    };
    assert!(req.problems().is_empty());
    let mut answer = Feedback::new(FeedbackKind::Peer, "maya", d(11, 3));
    answer.from = "dev".into();
    answer.request = Some("r1".into());
    let mut other_request = answer.clone();
    other_request.from = "sam".into();
    other_request.request = Some("r2".into());
    assert_eq!(req.pending("r1", &[]), ["dev", "sam"]);
    assert_eq!(req.pending("r1", &[&answer, &other_request]), ["sam"]);
    let closed = FeedbackRequest {
        closed: true,
        ..req.clone()
    };
    assert!(closed.pending("r1", &[]).is_empty());
    let bad = FeedbackRequest {
        peers: vec!["maya".into()],
        topic: " ".into(),
        ..req.clone()
    };
    let fields: Vec<_> = bad.problems().iter().map(|e| e.field).collect();
    assert_eq!(fields, ["topic", "peers"]);
    let nobody = FeedbackRequest {
        peers: vec![],
        ..req
    };
    assert_eq!(
        nobody.problems()[0].message,
        "Name at least one peer to ask."
    );
}

fn win(title: &str, on: Date, who: &[&str], worked: &[&str]) -> Celebration {
    Celebration {
        title: title.into(),
        on,
        goals: vec![],
        contributors: who.iter().map(|s| s.to_string()).collect(),
        story: "A story".into(),
        what_worked: worked.iter().map(|s| s.to_string()).collect(),
    }
}

#[test]
fn best_practices_collect_what_worked_once_each() {
    let wins = [
        win(
            "Q3 renewals",
            d(9, 30),
            &["a"],
            &["Pair on hard tickets", "Daily 10-minute huddle"],
        ),
        win(
            "Zero backlog",
            d(11, 2),
            &["b"],
            &["pair on  hard tickets.", "  "],
        ),
        win(
            "NPS 60",
            d(10, 15),
            &["c"],
            &["Call detractors within a day"],
        ),
    ];
    let list = best_practices(wins.iter());
    let texts: Vec<&str> = list.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Pair on hard tickets",
            "Call detractors within a day",
            "Daily 10-minute huddle"
        ]
    );
    assert_eq!(
        list[0].wins,
        [
            ("Zero backlog".to_string(), d(11, 2)),
            ("Q3 renewals".to_string(), d(9, 30))
        ]
    );
    assert!(best_practices([].iter()).is_empty());
}

#[test]
fn celebrations_need_a_title_a_story_and_contributors() {
    assert!(win("Win", d(1, 1), &["a"], &[]).problems().is_empty());
    let mut w = win(" ", d(1, 1), &[], &[]);
    w.story.clear();
    let fields: Vec<_> = w.problems().iter().map(|e| e.field).collect();
    assert_eq!(fields, ["title", "story", "contributors"]);
}

#[test]
fn balance_counts_the_last_90_days_and_wins_as_recognition() {
    let today = d(11, 27);
    let fb = [
        recognition("p", d(11, 20)),
        recognition("p", d(8, 1)), // more than 90 days ago: not counted, but remembered
        recognition("q", d(11, 26)),
        corrective("p", d(11, 1), d(11, 15)),
        corrective("p", d(10, 1), d(10, 15)),
        Feedback {
            from: "q".into(),
            ..Feedback::new(FeedbackKind::Peer, "p", d(11, 5))
        },
    ];
    let wins = [win("Win", d(10, 1), &["p", "q"], &[])];
    let b = Balance::of("p", fb.iter(), wins.iter(), today);
    assert_eq!(
        b,
        Balance {
            recognition: 2,
            corrective: 2,
            peer: 1,
            last_recognised: Some(d(11, 20)),
        }
    );
    assert_eq!(
        b.text(),
        "Last 90 days: 2 recognition, 2 corrective, 1 from peers."
    );
    let tipped = Balance::of("p", fb[3..].iter(), [].iter(), today);
    assert_eq!(tipped.recognition, 0);
    assert!(tipped.text().contains("More corrective than recognition"));
    // The 90-day window includes day 89 and leaves out day 90.
    let edge = [
        recognition("p", today.add_days(-89)),
        recognition("p", today.add_days(-90)),
    ];
    assert_eq!(
        Balance::of("p", edge.iter(), [].iter(), today).recognition,
        1
    );
}

#[test]
fn no_recognition_for_30_days_counts_from_joining_when_never_recognised() {
    let today = d(11, 27);
    let joined = d(6, 1);
    let never = Balance::default();
    assert_eq!(never.unrecognised_for(joined, today), Some(179));
    assert_eq!(
        never.unrecognised_for(d(11, 1), today),
        None,
        "joined 26 days ago"
    );
    let recent = Balance {
        last_recognised: Some(d(10, 29)),
        ..Balance::default()
    };
    assert_eq!(recent.unrecognised_for(joined, today), None, "29 days");
    let month = Balance {
        last_recognised: Some(d(10, 28)),
        ..Balance::default()
    };
    assert_eq!(month.unrecognised_for(joined, today), Some(30));
    // A win counts: someone recognised only through a team win gets no notice.
    let via_win = Balance::of(
        "p",
        [].iter(),
        [win("W", d(11, 20), &["p"], &[])].iter(),
        today,
    );
    assert_eq!(via_win.unrecognised_for(joined, today), None);
}

#[test]
fn timeline_filters_by_person_kind_and_dates_newest_first() {
    let fb = [
        ("r1", recognition("p", d(11, 20))),
        ("c1", corrective("p", d(10, 1), d(10, 15))),
        ("r2", recognition("q", d(11, 21))),
    ];
    let wins = [
        ("w1", win("Win", d(11, 1), &["p"], &[])),
        ("w2", win("Other", d(11, 2), &["q"], &[])),
    ];
    let run = |person: Option<&str>, filter: LogFilter| -> Vec<&str> {
        timeline(
            person,
            fb.iter().map(|(i, f)| (*i, f)),
            wins.iter().map(|(i, w)| (*i, w)),
            &filter,
        )
        .into_iter()
        .map(|(id, _, _)| id)
        .collect()
    };
    assert_eq!(run(Some("p"), LogFilter::default()), ["r1", "w1", "c1"]);
    assert_eq!(
        run(None, LogFilter::default()),
        ["r2", "r1", "w2", "w1", "c1"]
    );
    let kind = LogFilter {
        kind: Some(EntryKind::Win),
        ..LogFilter::default()
    };
    assert_eq!(run(Some("p"), kind), ["w1"]);
    let november = LogFilter {
        from: Some(d(11, 1)),
        to: Some(d(11, 20)),
        ..LogFilter::default()
    };
    assert_eq!(run(Some("p"), november), ["r1", "w1"]);
}

#[test]
fn scripts_fill_placeholders_and_name_what_is_missing() {
    let script = BUILT_IN_SCRIPTS[0].1;
    let filled = fill(
        script,
        &["Maya", "the churn analysis.", "we kept two accounts"],
    );
    assert_eq!(
        filled,
        "Maya, I want to call out the churn analysis. It was thorough, accurate and clear, and because of it we kept two accounts. That is the standard we aim for. Thank you."
    );
    let partial = fill(script, &["Maya", "", " "]);
    assert!(partial.contains("call out [what they did]."));
    assert!(partial.contains("because of it [the impact]."));
    let missing: Vec<_> = unfilled(script, &["Maya", "", " "])
        .iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(missing, ["what", "impact"]);
    assert!(unfilled(script, &["Maya", "x", "y"]).is_empty());
    // A script without {impact} does not ask for it.
    assert!(unfilled("Thanks {person} for {what}!", &["A", "B", ""]).is_empty());
    for (name, text) in BUILT_IN_SCRIPTS {
        let own = RecognitionScript {
            name: name.into(),
            text: text.into(),
        };
        assert!(own.problems().is_empty(), "{name}");
    }
}

#[test]
fn own_scripts_may_only_use_known_placeholders() {
    let check = |text: &str| {
        RecognitionScript {
            name: "Mine".into(),
            text: text.into(),
        }
        .problems()
        .iter()
        .map(|e| e.message.clone())
        .collect::<Vec<_>>()
    };
    assert!(check("Great work, {person}: {what} meant {impact}.").is_empty());
    assert!(check("No placeholders at all is fine.").is_empty());
    assert_eq!(
        check("Well done {name}!"),
        ["{name} is not a placeholder Trellis knows: use {person}, {what} or {impact}."]
    );
    assert!(check("Broken {person")[0].starts_with("{person is not"));
    assert_eq!(check("")[0], "The script is required.");
}
