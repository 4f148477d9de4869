use super::gaps::*;
use super::plan::*;
use super::*;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn skill(name: &str, required: &[(&str, u8)]) -> Skill {
    Skill {
        name: name.into(),
        category: Category::Technical,
        levels: LEVELS.map(|(_, text)| text.to_string()),
        required: required
            .iter()
            .map(|(role, level)| Required {
                role: role.to_string(),
                level: *level,
            })
            .collect(),
        behaviour: None,
    }
}

fn assess(person: &str, skill: &str, level: u8, on: &str, by_self: bool) -> Assessment {
    Assessment {
        person: person.into(),
        skill: skill.into(),
        level: Some(level),
        on: d(on),
        evidence: "Seen in the ticket reviews".into(),
        by_self,
    }
}

#[test]
fn a_skill_needs_a_name_levels_one_to_four_per_role_and_its_descriptions() {
    let good = skill("API troubleshooting", &[("Support Engineer", 3)]);
    assert!(good.problems().is_empty());
    assert_eq!(good.required_for(" support engineer "), Some(3));
    assert_eq!(good.required_for("Customer Success Manager"), None);
    assert_eq!(good.required_for(""), None);

    for (level, ok) in [(0, false), (1, true), (4, true), (5, false)] {
        let s = skill("X", &[("Support Engineer", level)]);
        let errs = s.problems();
        assert_eq!(errs.is_empty(), ok, "level {level}: {errs:?}");
        if !ok {
            assert_eq!(errs[0].field, "required");
            assert!(errs[0].message.contains(&format!("not {level}")));
        }
    }
    let none = skill("X", &[]);
    assert_eq!(none.problems()[0].field, "required");
    let twice = skill("X", &[("Analyst", 2), ("analyst ", 3)]);
    assert!(twice.problems()[0].message.contains("twice"));

    let mut blank = good.clone();
    blank.levels[2].clear();
    let errs = blank.problems();
    assert_eq!(errs[0].field, "levels");
    assert!(
        errs[0].message.contains("level 3 (Skilled)"),
        "{}",
        errs[0].message
    );
    // Linked to a behaviour of the standards, the standards describe it: no second copy.
    blank.levels = Default::default();
    blank.behaviour = Some("Collaboration".into());
    assert!(blank.problems().is_empty());
    blank.behaviour = Some("Charm".into());
    assert_eq!(blank.problems()[0].field, "behaviour");
}

#[test]
fn typed_levels_are_whole_numbers_from_one_to_four() {
    assert_eq!(parse_level(""), Ok(None));
    assert_eq!(parse_level(" 3 "), Ok(Some(3)));
    for bad in ["0", "5", "2.5", "three", "-1"] {
        assert!(parse_level(bad).unwrap_err().contains("1 to 4"), "{bad}");
    }
    assert_eq!(level_label(3), "3 · Skilled");
}

#[test]
fn an_assessment_needs_a_level_a_past_date_and_evidence() {
    let today = d("2026-12-01");
    let ok = assess("h", "s", 2, "2026-11-30", false);
    assert!(ok.problems(Some(today)).is_empty());
    let mut no_level = ok.clone();
    no_level.level = None;
    assert_eq!(
        no_level.problems(Some(today))[0].message,
        "Choose a level from 1 to 4."
    );
    let mut future = ok.clone();
    future.on = d("2026-12-02");
    assert_eq!(future.problems(Some(today))[0].field, "on");
    assert!(
        future.problems(None).is_empty(),
        "stored records are not re-dated"
    );
    let mut bare = ok.clone();
    bare.evidence = "  ".into();
    assert_eq!(bare.problems(Some(today))[0].field, "evidence");
}

#[test]
fn an_action_needs_a_due_date_not_past_when_created_and_evidence_to_be_done() {
    let today = d("2026-12-01");
    let mut a = DevAction {
        person: "h".into(),
        skill: "api".into(),
        kind: ActionKind::Mentoring,
        title: "Pair with Tomás on API tickets".into(),
        due: Some(d("2026-12-15")),
        ..Default::default()
    };
    assert!(a.problems(Some(today)).is_empty());
    a.due = None;
    assert_eq!(a.problems(Some(today))[0].field, "due");
    a.due = Some(d("2026-11-30"));
    let errs = a.problems(Some(today));
    assert_eq!(errs[0].field, "due");
    assert!(
        errs[0].message.contains("has passed"),
        "{}",
        errs[0].message
    );
    assert!(a.problems(None).is_empty(), "an old action may be overdue");
    assert!(a.due_by(today));
    a.status = ActionStatus::Done;
    assert_eq!(a.problems(None)[0].field, "evidence");
    assert!(!a.due_by(today), "done actions are not due");
    a.evidence = "Solved 6 API tickets alone".into();
    assert!(a.problems(None).is_empty());
    a.expected_level = Some(5);
    assert_eq!(a.problems(None)[0].field, "expected_level");
}

#[test]
fn a_stretch_assignment_ends_after_it_starts_and_closes_with_an_outcome() {
    let mut s = Stretch {
        person: "p".into(),
        title: "Run the onboarding playbook pilot with product".into(),
        kind: StretchKind::CrossFunctional,
        results: "Cut time to first value from 40 to 25 days for 5 pilot customers by 31 March"
            .into(),
        start: Some(d("2026-11-01")),
        end: Some(d("2027-03-31")),
        ..Default::default()
    };
    assert!(s.problems().is_empty());
    s.end = Some(d("2026-10-31"));
    let errs = s.problems();
    assert_eq!(errs[0].field, "end");
    assert!(errs[0].message.contains("ends before it starts"));
    s.end = Some(d("2027-03-31"));
    s.checkpoints.push(Checkpoint {
        on: d("2027-05-01"),
        note: String::new(),
        done: false,
    });
    assert_eq!(s.problems()[0].field, "checkpoints");
    s.checkpoints[0].on = d("2027-01-15");
    assert_eq!(s.state(d("2026-10-01")), StretchState::Upcoming);
    assert_eq!(s.state(d("2026-12-01")), StretchState::Running);
    assert_eq!(s.state(d("2027-04-02")), StretchState::ToClose);
    s.finished = Some(d("2027-04-02"));
    assert_eq!(s.problems()[0].field, "outcome");
    s.outcome = "Time to first value 27 days".into();
    assert!(s.problems().is_empty());
    assert_eq!(s.state(d("2027-04-02")), StretchState::Finished);
    let goal = s.as_goal();
    assert_eq!(goal.due, s.end);
    assert!(goal.title.contains("from 40 to 25"));
}

#[test]
fn the_smart_r_checker_reads_the_expected_results() {
    use crate::domain::smart_r::{check, passes, Context, Letter, Verdict};
    let s = Stretch {
        person: "p".into(),
        title: "Lead the incident review".into(),
        results: "Publish the review with 3 fixes owned and dated by 20 December".into(),
        start: Some(d("2026-12-01")),
        end: Some(d("2026-12-20")),
        ..Default::default()
    };
    let ctx = Context {
        today: d("2026-12-01"),
        parent: None,
        same_level_count: 0,
        past_changes: &[],
    };
    let vague = Stretch {
        results: "Do better".into(),
        end: None,
        ..s.clone()
    };
    let good = check(&s.as_goal(), &ctx);
    let bad = check(&vague.as_goal(), &ctx);
    assert!(passes(&good) > passes(&bad), "{good:?}");
    let time = |c: &[crate::domain::smart_r::LetterCheck]| {
        c.iter()
            .find(|x| x.letter == Letter::TimeBound)
            .unwrap()
            .verdict
    };
    assert_ne!(time(&good), Verdict::Hint);
    assert_eq!(time(&bad), Verdict::Hint);
}

#[test]
fn assessments_go_stale_after_six_months_and_say_their_age() {
    let today = d("2026-12-01");
    assert!(!is_stale(d("2026-06-01"), today), "exactly six months");
    assert!(is_stale(d("2026-05-31"), today));
    assert!(!is_stale(d("2026-11-30"), today));
    assert_eq!(age_words(d("2026-04-02"), today), "7 months old");
    assert_eq!(age_words(d("2025-12-01"), today), "1 year old");
    assert_eq!(
        age_words(d("2024-09-15"), today),
        "2 years and 2 months old"
    );
    assert_eq!(age_words(d("2026-11-15"), today), "0 months old");
}

#[test]
fn gaps_rank_by_size_weighted_by_the_goals_that_need_them() {
    let today = d("2026-12-01");
    let skills = [
        skill("API troubleshooting", &[("Support Engineer", 3)]),
        skill("Writing help articles", &[("Support Engineer", 3)]),
        skill("Escalation handling", &[("Support Engineer", 2)]),
        skill("SQL", &[("Support Engineer", 2)]),
        skill("Renewals", &[("Customer Success Manager", 3)]),
    ];
    let ids = ["api", "writing", "escalation", "sql", "renewals"];
    let pairs: Vec<(&str, &Skill)> = ids.iter().copied().zip(skills.iter()).collect();
    let all = [
        assess("h", "api", 3, "2026-11-10", false),
        assess("h", "api", 1, "2026-05-01", false), // older: not the current level
        assess("h", "api", 3, "2026-11-20", true),  // her own view
        assess("h", "api", 1, "2026-11-10", false), // the same day, made before the next one
        assess("h", "api", 2, "2026-11-10", false), // the later of the two counts
        assess("h", "writing", 1, "2026-04-01", false),
        assess("h", "escalation", 3, "2026-10-01", false),
        assess("k", "sql", 1, "2026-11-01", false), // someone else's
    ];
    let refs: Vec<&Assessment> = all.iter().collect();
    let api_goal = vec!["api".to_string()];
    let goals = [GoalNeed {
        title: "Solve 90 % of API tickets without escalating",
        at_risk: true,
        skills: &api_goal,
    }];
    let gaps = person_gaps("h", "Support Engineer", &pairs, &refs, &goals, today);
    let names: Vec<&str> = gaps.iter().map(|g| g.name.as_str()).collect();
    // API: 1 short × (1 + 1 goal + 2 at risk) = 4 beats writing: 2 short × 1 = 2.
    assert_eq!(
        names,
        [
            "API troubleshooting",
            "Writing help articles",
            "SQL",
            "Escalation handling"
        ]
    );
    let api = &gaps[0];
    assert_eq!(
        (api.required, api.current, api.own, api.size),
        (3, Some(2), Some(3), 1)
    );
    assert_eq!(api.priority, 4);
    assert_eq!(
        api.why,
        "1 level short (needs 3, assessed 2 on 10 Nov); needed by “Solve 90 % of API tickets without escalating”, which is at risk."
    );
    let writing = &gaps[1];
    assert_eq!(
        (writing.size, writing.priority, writing.stale),
        (2, 2, true)
    );
    assert!(writing.why.starts_with("2 levels short"));
    assert!(writing.why.contains("no current goal of theirs needs it"));
    assert!(writing
        .why
        .ends_with("The assessment is 8 months old: assess again."));
    assert!(gaps[2].current.is_none() && gaps[2].why.starts_with("Not assessed yet"));
    assert!(!gaps[3].open() && gaps[3].why.starts_with("Meets it"));
    // Without the at-risk goal, the bigger gap comes first.
    let calm = person_gaps("h", "Support Engineer", &pairs, &refs, &[], today);
    assert_eq!(calm[0].name, "Writing help articles");
    // A role with no skills set has no gaps.
    assert!(person_gaps("h", "Analyst", &pairs, &refs, &[], today).is_empty());
}

#[test]
fn coverage_names_single_points_of_failure_and_skills_nobody_holds() {
    let today = d("2026-12-01");
    let skills = [
        skill("API troubleshooting", &[("Support Engineer", 3)]),
        skill("Renewals", &[("Customer Success Manager", 3)]),
        skill("Public speaking", &[]),
        skill("Escalation handling", &[("Support Engineer", 2)]),
    ];
    let pairs: Vec<(&str, &Skill)> = ["api", "renewals", "speaking", "esc"]
        .into_iter()
        .zip(skills.iter())
        .collect();
    let people = [
        Member {
            id: "t",
            name: "Tomás",
            role: "Support Engineer",
        },
        Member {
            id: "h",
            name: "Hannah",
            role: "Support Engineer",
        },
        Member {
            id: "d",
            name: "Daniel",
            role: "Customer Success Manager",
        },
    ];
    let all = [
        assess("t", "api", 4, "2026-11-01", false),
        assess("h", "api", 2, "2026-11-01", false),
        assess("h", "api", 4, "2026-11-02", true), // self-assessments do not count as holding
        assess("d", "renewals", 2, "2026-03-01", false),
        assess("t", "esc", 3, "2026-11-01", false),
        assess("h", "esc", 3, "2026-11-01", false),
        assess("d", "speaking", 4, "2026-11-01", false),
    ];
    let refs: Vec<&Assessment> = all.iter().collect();
    let c = coverage(&people, &pairs, &refs, today);
    assert_eq!(
        c.single_points,
        vec![("API troubleshooting".to_string(), "Tomás".to_string())]
    );
    assert_eq!(c.nobody, vec!["Renewals".to_string()]);
    assert!(
        !c.rows[2].required,
        "a skill no role needs is shown but never flagged"
    );
    assert_eq!(c.rows[3].holders, vec![0, 1]);
    assert_eq!(c.rows[0].cells[1].text(), "2 (needs 3)");
    assert_eq!(c.rows[0].cells[0].text(), "4");
    assert_eq!(c.rows[1].cells[0].text(), "–");
    assert_eq!(c.rows[1].cells[2].text(), "2 (needs 3)");
    assert_eq!(
        c.stale,
        vec![(
            "Daniel".to_string(),
            "Renewals".to_string(),
            "9 months old".to_string()
        )]
    );
    let csv = coverage_csv(&c);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "Skill,Category,Tomás,Hannah,Daniel,Holders at 3+");
    assert_eq!(lines[1], "API troubleshooting,Technical,4,2,,1");
    assert_eq!(lines.len(), 5);
}

#[test]
fn fairness_counts_stretch_work_of_the_last_twelve_months_by_kind() {
    let today = d("2026-12-01");
    let s = |person: &str, kind, start: &str, end: &str| Stretch {
        person: person.into(),
        title: "x".into(),
        kind,
        results: "y".into(),
        start: Some(d(start)),
        end: Some(d(end)),
        ..Default::default()
    };
    let all = [
        s("t", StretchKind::Leadership, "2026-09-01", "2026-11-15"),
        s("t", StretchKind::Project, "2026-01-10", "2026-03-01"),
        s("t", StretchKind::Project, "2025-01-01", "2025-06-30"), // more than a year ago
        s(
            "p",
            StretchKind::CrossFunctional,
            "2026-11-01",
            "2027-03-31",
        ),
        s("p", StretchKind::Leadership, "2027-01-01", "2027-02-01"), // not started
    ];
    let refs: Vec<&Stretch> = all.iter().collect();
    let people = [
        Member {
            id: "t",
            name: "Tomás",
            role: "",
        },
        Member {
            id: "p",
            name: "Priya",
            role: "",
        },
        Member {
            id: "h",
            name: "Hannah",
            role: "",
        },
    ];
    let (rows, message) = fairness(&people, &refs, today);
    assert_eq!(rows[0].counts, [1, 0, 1]);
    assert_eq!(rows[0].total, 2);
    assert_eq!(rows[1].counts, [0, 1, 0]);
    assert_eq!(rows[2].total, 0);
    assert_eq!(
        message,
        "No stretch work in the last 12 months for Hannah, while Tomás had 2."
    );
    let (_, even) = fairness(&people[..2], &refs, today);
    assert_eq!(
        even,
        "Shared evenly: everyone had some stretch work in the last 12 months."
    );
    let (_, nobody) = fairness(&people[2..], &refs, today);
    assert_eq!(nobody, "Nobody has had stretch work in the last 12 months.");
}

#[test]
fn the_plan_reports_progress_feeds_the_review_and_exports_as_markdown() {
    let today = d("2026-12-01");
    let action = |title: &str, due: &str, status, done_on: Option<&str>| DevAction {
        person: "h".into(),
        skill: "api".into(),
        kind: ActionKind::Course,
        title: title.into(),
        due: Some(d(due)),
        status,
        evidence: if done_on.is_some() {
            "Certificate *passed*".into()
        } else {
            String::new()
        },
        done_on: done_on.map(d),
        ..Default::default()
    };
    let all = [
        action(
            "API course",
            "2026-11-20",
            ActionStatus::Done,
            Some("2026-11-18"),
        ),
        action("Shadow Tomás", "2026-11-25", ActionStatus::InProgress, None),
        action(
            "Read the API guide",
            "2026-12-05",
            ActionStatus::Planned,
            None,
        ),
        action("Old idea", "2026-10-01", ActionStatus::Dropped, None),
    ];
    let refs: Vec<&DevAction> = all.iter().collect();
    let p = progress(&refs, today);
    assert_eq!(
        p,
        PlanProgress {
            done: 1,
            open: 2,
            overdue: 1
        }
    );
    assert_eq!(p.words(), "1 of 3 actions done · 1 overdue");
    let due: Vec<&str> = due_soon(&refs, today, 7)
        .iter()
        .map(|a| a.title.as_str())
        .collect();
    assert_eq!(due, ["Shadow Tomás", "Read the API guide"]);
    let name = |_: &str| "API troubleshooting".to_string();
    let lines = review_lines(&[], &refs, &[], &name, d("2026-11-01"), d("2026-11-30"));
    assert_eq!(
        lines[0],
        "Done 18 Nov: API course (API troubleshooting): Certificate *passed*"
    );
    assert_eq!(lines.len(), 3);
    let md = plan_markdown("Hannah <W>", &[], &refs, &[], &name, today);
    assert!(md.starts_with("# Development plan: Hannah \\<W\\>"));
    assert!(md.contains("- [x] API course · Course · API troubleshooting"));
    assert!(md.contains("Evidence: Certificate \\*passed\\*"));
    assert!(md.contains("- [ ] Shadow Tomás"));
}
