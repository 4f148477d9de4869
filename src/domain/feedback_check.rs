//! Checks a five-step corrective feedback conversation (observation, impact, expectation,
//! support, follow-up) before it is saved: what blocks saving, and plain-word advice.
use super::dates::{month_of, weekday_of, Date};
use super::validate::{max_len, FieldError};

/// The most characters one step's text may hold.
pub const MAX: usize = 4000;

/// A follow-up further away than this many days gets a hint.
const FAR_DAYS: i64 = 42;

/// The five steps as the composer's form fields.
#[derive(Clone, Copy)]
pub struct Steps<'a> {
    pub observation: &'a str,
    pub impact: &'a str,
    pub expectation: &'a str,
    pub support: &'a str,
    pub follow_up: Option<Date>,
}

/// What blocks saving: an empty step, no follow-up date, a follow-up date before `today`,
/// a text over `MAX` characters.
pub fn problems(s: &Steps, today: Date) -> Vec<FieldError> {
    let mut out = vec![];
    let texts = [
        (
            "observation",
            "Observation",
            s.observation,
            "Describe what you observed",
        ),
        ("impact", "Impact", s.impact, "Describe the impact"),
        (
            "expectation",
            "Expectation",
            s.expectation,
            "Say what you need to see",
        ),
        ("support", "Support", s.support, "Offer your support"),
    ];
    for (field, label, text, ask) in texts {
        if text.trim().is_empty() {
            out.push(FieldError::new(
                field,
                format!("{ask}: the step is required."),
            ));
        } else {
            max_len(field, label, text, MAX, &mut out);
        }
    }
    match s.follow_up {
        None => out.push(FieldError::new(
            "follow_up",
            "Pick a follow-up date: the conversation needs one.",
        )),
        Some(d) if d < today => out.push(FieldError::new(
            "follow_up",
            "The follow-up date is in the past: pick today or later.",
        )),
        Some(_) => {}
    }
    out
}

// Word lists, written as the tokenizer leaves words: lower-case ASCII, apostrophes kept, a
// possessive "'s" dropped, hyphens as spaces. A phrase is words separated by one space; a word
// matches itself or itself plus "s"; a trailing `*` matches any word starting with the stem.

const JUDGEMENT: &[&str] = &[
    "lazy",
    "careless",
    "sloppy",
    "attitude",
    "unprofessional",
    "rude",
    "disrespectful",
    "incompetent",
    "arrogant",
    "selfish",
    "unreliable",
    "disorganised",
    "disorganized",
    "irresponsible",
    "useless",
    "immature",
    "negative",
    "difficult",
    "hopeless",
    "pathetic",
    "stupid",
    "clueless",
    "rubbish",
    "aggressive",
    "hostile",
    "toxic",
    "moody",
    "dismissive",
    "condescending",
    "uncooperative",
    "unmotivated",
    "uncommitted",
    "inconsiderate",
    "not a team player",
    "don't care",
    "dont care",
    "doesn't care",
    "doesnt care",
    "didn't care",
    "didnt care",
    "can't be bothered",
    "cant be bothered",
    "couldn't be bothered",
    "no effort",
    "terrible",
    "awful",
    "bad",
];

const ABSOLUTE: &[&str] = &[
    "always",
    "never",
    "constantly",
    "every time",
    "everytime",
    "every single time",
    "all the time",
    "continually",
    "continuously",
    "forever",
    "nothing",
    "everything",
];

const YOU_ARE: &[&str] = &["you are", "you're", "youre"];

const OCCASION: &[&str] = &[
    "yesterday",
    "today",
    "tonight",
    "this morning",
    "this afternoon",
    "this evening",
    "this week",
    "this month",
    "this quarter",
    "last night",
    "last week",
    "last month",
    "last sprint",
    "last quarter",
    "sprint",
    "meeting",
    "call",
    "standup",
    "stand up",
    "review",
    "demo",
    "handover",
    "release",
    "during",
    "deadline",
    "presentation",
    "workshop",
    "retro",
    "twice",
];

const GENERIC_IMPACT: &[&str] = &[
    "bad",
    "not good",
    "a problem",
    "an issue",
    "unacceptable",
    "not ok",
    "not okay",
    "not great",
    "affects the team",
    "hurts the team",
    "bad for the team",
    "it matters",
    "looks bad",
];

const CONCRETE_IMPACT: &[&str] = &[
    "customer*",
    "client*",
    "user*",
    "deadline*",
    "goal*",
    "target*",
    "release*",
    "sprint*",
    "project*",
    "report*",
    "ticket*",
    "queue*",
    "revenue*",
    "score*",
    "hour",
    "day",
    "week",
    "delay*",
    "late",
    "miss*",
    "wait*",
    "rework*",
    "escalat*",
    "colleague*",
    "teammate*",
];

const TIME_MARKERS: &[&str] = &[
    "by",
    "before",
    "within",
    "each",
    "every",
    "per",
    "daily",
    "weekly",
    "monthly",
    "end of",
    "tomorrow",
    "next week",
];

const OBSERVABLE_VERBS: &[&str] = &[
    "send",
    "submit",
    "reply",
    "respond",
    "answer",
    "arrive",
    "join",
    "attend",
    "share",
    "update",
    "ship",
    "finish",
    "complete",
    "log",
    "call",
    "write",
    "review",
    "post",
    "flag",
    "tell",
    "ask",
    "book",
    "close",
    "test",
    "document",
    "deliver",
    "present",
    "prepare",
    "check",
    "confirm",
    "escalate",
    "hand over",
    "handover",
    "include",
    "record",
    "raise",
];

const VAGUE: &[&str] = &[
    "be more",
    "be better",
    "do better",
    "try harder",
    "work harder",
    "improve your",
    "step up",
    "more professional",
    "better attitude",
    "more effort",
    "pull your weight",
];

/// Advice, not blocking: at most one hint per field (the most important), same field names
/// as `problems`. Empty steps get no hint: `problems` covers them.
pub fn hints(s: &Steps, today: Date) -> Vec<FieldError> {
    let mut out = vec![];
    let mut add = |field, message: Option<String>| {
        if let Some(m) = message {
            out.push(FieldError::new(field, m));
        }
    };
    add("observation", observation_hint(s.observation));
    add("impact", impact_hint(s.impact));
    add("expectation", expectation_hint(s.expectation));
    let support = words(s.support);
    add(
        "support",
        (!support.is_empty() && support.len() < 3).then(|| {
            "Offer something concrete: time, training, a tool, or removing an obstacle.".into()
        }),
    );
    add(
        "follow_up",
        s.follow_up
            .filter(|&d| today.days_until(d) > FAR_DAYS)
            .map(|_| {
                "A follow-up more than six weeks away loses momentum: one to four weeks is usual."
                    .into()
            }),
    );
    out
}

fn observation_hint(text: &str) -> Option<String> {
    let w = words(text);
    if w.is_empty() {
        return None;
    }
    if let Some(p) = find(&w, JUDGEMENT) {
        return Some(format!(
            "“{p}” is a judgement about the person. Describe what you saw or heard them do \
             instead, e.g. “the report was sent two days after the deadline”."
        ));
    }
    if let Some(p) = find(&w, ABSOLUTE) {
        return Some(format!(
            "“{p}” is easy to dispute. Name one or two specific occasions: what happened, and when."
        ));
    }
    if let Some(p) = find(&w, YOU_ARE) {
        return Some(format!(
            "“{p} …” describes the person, not the behaviour. Say what they did, e.g. “you \
             joined Tuesday's call 20 minutes late”."
        ));
    }
    let anchored = has_digit(text) || names_a_day(&w, true) || find(&w, OCCASION).is_some();
    (!anchored).then(|| {
        "Anchor it to an occasion: when or where did it happen (e.g. “in Tuesday's client call”)?"
            .into()
    })
}

fn impact_hint(text: &str) -> Option<String> {
    let w = words(text);
    let concrete = has_digit(text) || text.contains('%') || find(&w, CONCRETE_IMPACT).is_some();
    let thin = w.len() < 5 || find(&w, GENERIC_IMPACT).is_some();
    (!w.is_empty() && thin && !concrete).then(|| {
        "Say what it affects and how: which goal, customer or colleague, and what happened as \
         a result."
            .into()
    })
}

fn expectation_hint(text: &str) -> Option<String> {
    let w = words(text);
    let timed = has_digit(text) || find(&w, TIME_MARKERS).is_some() || names_a_day(&w, false);
    let unobservable = !timed && find(&w, OBSERVABLE_VERBS).is_none();
    let vague = !timed && find(&w, VAGUE).is_some();
    (!w.is_empty() && (unobservable || vague)).then(|| {
        "Say what you will be able to see or count, e.g. “reply to every ticket within 4 \
         working hours”."
            .into()
    })
}

fn has_digit(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit())
}

/// The words of `text`: split on anything but letters, digits and apostrophes (’ counts as
/// '), ASCII lower-cased, with quote marks at either end and a possessive "'s" dropped.
fn words(text: &str) -> Vec<String> {
    let mut out = vec![];
    let mut cur = String::new();
    for c in text.chars().chain([' ']) {
        let c = if c == '’' { '\'' } else { c };
        if c.is_alphanumeric() || c == '\'' {
            cur.push(c.to_ascii_lowercase());
            continue;
        }
        let w = cur.trim_matches('\'');
        let w = w.strip_suffix("'s").unwrap_or(w).trim_matches('\'');
        if !w.is_empty() {
            out.push(w.to_string());
        }
        cur.clear();
    }
    out
}

/// The phrase of `list` that occurs first in `words`, as written in the list.
/// Whether a word names a weekday ("Tuesday", "fri", "Mondays"), or with `months` a month.
fn names_a_day(words: &[String], months: bool) -> bool {
    words.iter().any(|w| {
        let w = w.strip_suffix('s').filter(|s| s.len() > 3).unwrap_or(w);
        weekday_of(w).is_some() || (months && month_of(w).is_some())
    })
}

fn find(words: &[String], list: &[&'static str]) -> Option<&'static str> {
    let is = |w: &str, p: &str| match p.strip_suffix('*') {
        Some(stem) => w.starts_with(stem),
        None => w == p || w.strip_suffix('s') == Some(p),
    };
    (0..words.len()).find_map(|i| {
        list.iter().copied().find(|p| {
            p.split(' ')
                .enumerate()
                .all(|(k, pw)| words.get(i + k).is_some_and(|w| is(w, pw)))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::validate::message_for;

    fn today() -> Date {
        Date::from_ymd(2026, 3, 10).unwrap()
    }

    fn good() -> Steps<'static> {
        Steps {
            observation: "In Tuesday's client call you joined 20 minutes late.",
            impact: "The client waited on the line and we ran out of time for the demo.",
            expectation: "Join client calls at least 2 minutes before they start.",
            support: "I can move our 1:1 so it no longer runs into the call.",
            follow_up: Some(today().add_days(14)),
        }
    }

    fn hint(field: &str, text: &str) -> Option<String> {
        let mut s = good();
        match field {
            "observation" => s.observation = text,
            "impact" => s.impact = text,
            "expectation" => s.expectation = text,
            "support" => s.support = text,
            _ => unreachable!(),
        }
        let all = hints(&s, today());
        assert!(
            all.iter().all(|e| e.field == field),
            "only {field} should have a hint for {text:?}: {all:?}"
        );
        assert!(all.len() <= 1, "at most one hint for {text:?}: {all:?}");
        message_for(&all, field)
    }

    /// Each case: the text, then `None` when it must pass, or a piece the hint must contain.
    fn check(field: &str, cases: &[(&str, Option<&str>)]) {
        for &(text, want) in cases {
            let got = hint(field, text);
            match want {
                None => assert_eq!(got, None, "{field}: {text:?} should pass"),
                Some(piece) => {
                    let msg = got.unwrap_or_else(|| panic!("{field}: {text:?} should get a hint"));
                    assert!(
                        msg.contains(piece),
                        "{field}: {text:?} gave {msg:?}, wanted {piece:?}"
                    );
                }
            }
        }
    }

    const JUDGED: &str = "is a judgement about the person";
    const DISPUTE: &str = "is easy to dispute";
    const PERSON: &str = "describes the person, not the behaviour";
    const ANCHOR: &str = "Anchor it to an occasion";

    #[test]
    fn observation_cases() {
        check(
            "observation",
            &[
                // Specific and anchored: pass.
                ("you missed the Tuesday standup twice this month", None),
                (
                    "in Monday's client call you interrupted Sam three times",
                    None,
                ),
                (
                    "the last two weekly reports arrived on Monday instead of Friday",
                    None,
                ),
                (
                    "The Q3 budget spreadsheet had 14 formula errors when you shared it",
                    None,
                ),
                (
                    "During the sprint review you presented last quarter's figures",
                    None,
                ),
                (
                    "Yesterday the customer was left on hold for twenty minutes",
                    None,
                ),
                (
                    "You’ve joined the last three stand-ups after they started",
                    None,
                ),
                (
                    "On 4 March the handover notes were missing the client contacts",
                    None,
                ),
                ("You didn't reply to Priya's emails this week", None),
                (
                    "In Thu's planning meeting you raised your voice at Alex",
                    None,
                ),
                ("The release notes went out without QA sign-off", None),
                // Judgements about the person, quoted.
                ("your attitude in meetings", Some("“attitude”")),
                ("You are so lazy with the reports", Some("“lazy”")),
                (
                    "Honestly you just don't care about quality",
                    Some("“don't care”"),
                ),
                ("You don’t care about deadlines", Some("“don't care”")),
                ("Your code reviews on Friday were sloppy", Some("“sloppy”")),
                ("You're not a team player", Some("“not a team player”")),
                (
                    "You've been really unprofessional with clients lately",
                    Some("“unprofessional”"),
                ),
                ("You were rude to the client on Friday", Some("“rude”")),
                ("LAZY work on the handover", Some("“lazy”")),
                (
                    "You seem disorganized and always behind",
                    Some("“disorganized”"),
                ),
                (
                    "The 'careless' mistakes in the 3 invoices",
                    Some("“careless”"),
                ),
                (
                    "You clearly can’t be bothered in standups",
                    Some("“can't be bothered”"),
                ),
                ("Your attitude is always negative", Some(JUDGED)),
                // Absolutes, quoted.
                ("you're always late", Some("“always”")),
                ("You never update the tracker", Some("“never”")),
                (
                    "Every time we have a deadline things slip",
                    Some("“every time”"),
                ),
                (
                    "You are constantly on your phone in the Monday meeting",
                    Some("“constantly”"),
                ),
                ("Nothing gets finished on time", Some(DISPUTE)),
                // "You are …" about the person.
                ("You are late to things", Some("“you are …”")),
                (
                    "You’re hard to reach when things go wrong",
                    Some("“you're …”"),
                ),
                ("youre not listening in the meeting", Some(PERSON)),
                // No occasion.
                ("You interrupt people when they speak", Some(ANCHOR)),
                (
                    "The documentation you write is hard to follow",
                    Some(ANCHOR),
                ),
                ("Monitoring alerts were ignored", Some(ANCHOR)),
                ("You ignored the recall notice", Some(ANCHOR)),
                (
                    "Your emails to suppliers skip the order reference",
                    Some(ANCHOR),
                ),
            ],
        );
    }

    #[test]
    fn impact_cases() {
        let h = Some("Say what it affects and how");
        check(
            "impact",
            &[
                ("It's bad.", h),
                ("This is a problem.", h),
                ("It affects the team.", h),
                ("Morale is dropping", h),
                ("Not great for morale, to be honest with you", h),
                ("It looks bad for all of us in front of everyone", h),
                ("It's unacceptable and frankly not ok at all", h),
                ("Two clients waited an extra day for their invoices", None),
                (
                    "The release slipped by 3 days and the Acme demo had to move",
                    None,
                ),
                (
                    "Sam had to redo your part, about four hours of rework",
                    None,
                ),
                (
                    "Missed handovers mean the night shift starts blind and escalations go up",
                    None,
                ),
                ("It's bad because the customer had to chase us twice", None),
                ("Customer satisfaction fell 12%", None),
                ("Customers wait longer.", None),
                (
                    "The others cover the phones for you while you are out",
                    None,
                ),
            ],
        );
    }

    #[test]
    fn expectation_cases() {
        let h = Some("Say what you will be able to see or count");
        check(
            "expectation",
            &[
                ("Be more professional.", h),
                ("I need you to step up.", h),
                ("Try harder with the reports", h),
                ("Improve your communication", h),
                ("A better attitude", h),
                ("Take more ownership of the project", h),
                ("I want you to be more proactive and share updates", h),
                ("Pull your weight on the rota", h),
                ("Documentation should be clearer", h),
                ("Send the weekly report by 10am every Friday", None),
                ("Reply to every ticket within 4 working hours", None),
                ("Join the standup on time each day", None),
                ("Be more careful: check your figures before sending", None),
                ("Update the tracker daily", None),
                (
                    "Flag blockers in the team channel as soon as you see them",
                    None,
                ),
                ("Arrive by 9:00 on Mondays", None),
                ("Have the slides ready by end of Thursday", None),
            ],
        );
    }

    #[test]
    fn support_cases() {
        let h = Some("Offer something concrete");
        check(
            "support",
            &[
                ("Coaching", h),
                ("Ask me", h),
                ("Happy to help", None),
                ("I can pair with you on the first two reports", None),
                ("I'll take the Friday rota off your plate this month", None),
            ],
        );
    }

    #[test]
    fn follow_up_dates() {
        let at = |days: i64| {
            let s = Steps {
                follow_up: Some(today().add_days(days)),
                ..good()
            };
            (
                message_for(&problems(&s, today()), "follow_up"),
                message_for(&hints(&s, today()), "follow_up"),
            )
        };
        let (problem, _) = at(-1);
        assert!(problem.unwrap().contains("in the past"));
        assert_eq!(at(0), (None, None));
        assert_eq!(at(42), (None, None));
        let (problem, far) = at(43);
        assert_eq!(problem, None);
        assert!(far.unwrap().contains("more than six weeks"));
        let none = Steps {
            follow_up: None,
            ..good()
        };
        assert_eq!(
            message_for(&problems(&none, today()), "follow_up").as_deref(),
            Some("Pick a follow-up date: the conversation needs one.")
        );
        assert_eq!(message_for(&hints(&none, today()), "follow_up"), None);
    }

    #[test]
    fn good_steps_pass() {
        assert_eq!(problems(&good(), today()), vec![]);
        assert_eq!(hints(&good(), today()), vec![]);
    }

    #[test]
    fn empty_steps_are_problems_not_hints() {
        let s = Steps {
            observation: "",
            impact: "   ",
            expectation: "\n",
            support: "",
            follow_up: None,
        };
        let p = problems(&s, today());
        let fields: Vec<_> = p.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "observation",
                "impact",
                "expectation",
                "support",
                "follow_up"
            ]
        );
        assert_eq!(
            message_for(&p, "observation").as_deref(),
            Some("Describe what you observed: the step is required.")
        );
        assert!(p.iter().all(|e| e.message.contains(':')));
        assert_eq!(hints(&s, today()), vec![]);
    }

    #[test]
    fn too_long_text_is_a_problem() {
        let long = "x".repeat(MAX + 1);
        let s = Steps {
            impact: &long,
            ..good()
        };
        let p = problems(&s, today());
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].field, "impact");
        assert!(p[0].message.contains("at most 4000"));
        let fits = "x".repeat(MAX);
        let s = Steps {
            impact: &fits,
            ..good()
        };
        assert_eq!(problems(&s, today()), vec![]);
    }

    #[test]
    fn words_split_and_normalise() {
        assert_eq!(
            words("You’re  'late' — Tuesday's stand-up, 9:30!"),
            ["you're", "late", "tuesday", "stand", "up", "9", "30"]
        );
    }
}
