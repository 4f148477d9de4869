//! Feedback and recognition: recognition given from a script, five-step corrective
//! conversations with a follow-up date, peer feedback and requests for it, team celebrations,
//! and the signals built on them (balance, follow-ups due, people not recognised lately).
use super::dates::Date;
use super::feedback_check::Steps;
use super::validate::{max_len, required_text, FieldError};
use serde::{Deserialize, Serialize};

pub const TEXT_MAX: usize = super::feedback_check::MAX;
pub const TITLE_MAX: usize = 120;
/// Window of the balance signal.
pub const BALANCE_DAYS: i64 = 90;
/// Someone not recognised for this long gets a notice on Home.
pub const UNRECOGNISED_DAYS: i64 = 30;
/// Home lists follow-ups due within this many days (and every overdue one).
pub const FOLLOW_UP_HORIZON_DAYS: i64 = 7;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackKind {
    Recognition,
    Corrective,
    Peer,
}

impl FeedbackKind {
    pub fn label(self) -> &'static str {
        match self {
            FeedbackKind::Recognition => "Recognition",
            FeedbackKind::Corrective => "Corrective",
            FeedbackKind::Peer => "Peer feedback",
        }
    }
}

/// The five steps of a corrective conversation, and what became of its follow-up.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Corrective {
    pub observation: String,
    pub impact: String,
    pub expectation: String,
    pub support: String,
    pub follow_up: Option<Date>,
    /// The day the follow-up was held (None: still open).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub followed_up: Option<Date>,
    /// What the follow-up found.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub outcome: String,
}

impl Corrective {
    pub fn steps(&self) -> Steps<'_> {
        Steps {
            observation: &self.observation,
            impact: &self.impact,
            expectation: &self.expectation,
            support: &self.support,
            follow_up: self.follow_up,
        }
    }

    /// The conversation in the method's words, ready to read out or copy. Each step continues
    /// its lead-in ("I've noticed that …"), unless the text already starts with it.
    pub fn conversation(&self, person_name: &str) -> String {
        let mut out = String::new();
        if !person_name.is_empty() {
            out.push_str(person_name);
            out.push_str(", I'd like to talk about something specific.\n\n");
        }
        let lead = |out: &mut String, lead: &str, text: &str| {
            let text = text.trim();
            if text.is_empty() {
                return;
            }
            if starts_with_words(text, lead) {
                out.push_str(text);
            } else {
                out.push_str(lead);
                out.push(' ');
                out.push_str(&continue_sentence(text));
            }
            if !text.ends_with(['.', '!', '?']) {
                out.push('.');
            }
            out.push_str("\n\n");
        };
        lead(&mut out, "I've noticed that", &self.observation);
        lead(&mut out, "This affects", &self.impact);
        lead(&mut out, "What I need to see is", &self.expectation);
        out.push_str("How can I help you achieve this? ");
        lead(&mut out, "I can", &self.support);
        if let Some(d) = self.follow_up {
            out.push_str("Let's check on progress on ");
            out.push_str(&super::dates::long_date(d));
            out.push_str(".\n");
        }
        out.trim_end().to_string()
    }
}

/// `text` continuing a sentence: "The report was late" → "the report was late", while names
/// and "I" keep their capital ("Sam said" stays).
fn continue_sentence(text: &str) -> String {
    const COMMON: &[&str] = &[
        "the",
        "a",
        "an",
        "you",
        "your",
        "in",
        "on",
        "at",
        "during",
        "last",
        "this",
        "these",
        "yesterday",
        "today",
        "when",
        "since",
        "over",
        "for",
        "twice",
        "both",
        "two",
        "three",
        "several",
        "our",
        "we",
        "it",
        "there",
        "each",
        "every",
        "my",
        "more",
        "less",
        "fewer",
    ];
    let first = text
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let mut out = text.to_string();
    if COMMON.iter().any(|w| first.eq_ignore_ascii_case(w)) {
        out[..1].make_ascii_lowercase();
    }
    out
}

/// Whether `text` begins with the words of `lead`, ignoring ASCII case.
fn starts_with_words(text: &str, lead: &str) -> bool {
    text.len() >= lead.len()
        && text.is_char_boundary(lead.len())
        && text[..lead.len()].eq_ignore_ascii_case(lead)
}

/// One piece of feedback about a team member: recognition, a corrective conversation, or
/// feedback from a peer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feedback {
    pub kind: FeedbackKind,
    /// Who it is about (a person record id).
    pub person: String,
    /// Peer feedback: who gave it (a person record id). Empty: the manager.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub from: String,
    pub given_on: Date,
    /// Recognition: the words given. Peer feedback: what happened.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// Peer feedback: its impact.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub impact: String,
    /// The goal it is about, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<String>,
    /// Recognition given in front of the team (false: one to one).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub public: bool,
    /// Recognition: the name of the script it was written from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub script: String,
    /// Corrective: the five steps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrective: Option<Corrective>,
    /// Peer feedback: the request it answers (a record id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<String>,
}

impl Feedback {
    /// Empty feedback of `kind` about `person`, given on `on`.
    pub fn new(kind: FeedbackKind, person: &str, on: Date) -> Feedback {
        Feedback {
            kind,
            person: person.to_string(),
            from: String::new(),
            given_on: on,
            text: String::new(),
            impact: String::new(),
            goal: None,
            public: false,
            script: String::new(),
            corrective: None,
            request: None,
        }
    }

    /// What is wrong with it as stored (the screens check more before saving: see
    /// `feedback_check::problems` for the corrective steps, which also refuse past dates).
    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = vec![];
        if self.person.is_empty() {
            out.push(FieldError::new(
                "person",
                "Choose who the feedback is about.",
            ));
        }
        match self.kind {
            FeedbackKind::Recognition => {
                required_text("text", "The recognition", &self.text, TEXT_MAX, &mut out)
            }
            FeedbackKind::Peer => {
                required_text("text", "What happened", &self.text, TEXT_MAX, &mut out);
                required_text("impact", "Its impact", &self.impact, TEXT_MAX, &mut out);
                if self.from.is_empty() {
                    out.push(FieldError::new("from", "Choose who gave the feedback."));
                } else if self.from == self.person {
                    out.push(FieldError::new(
                        "from",
                        "Peer feedback comes from someone else: choose another team member.",
                    ));
                }
            }
            FeedbackKind::Corrective => match &self.corrective {
                None => out.push(FieldError::new(
                    "observation",
                    "A corrective conversation needs its five steps.",
                )),
                Some(c) => {
                    // A stored conversation may be long past: only today's rules for dates.
                    let far_past = Date::from_ymd(1, 1, 1).expect("valid");
                    out.extend(super::feedback_check::problems(&c.steps(), far_past));
                    max_len("outcome", "Outcome", &c.outcome, TEXT_MAX, &mut out);
                }
            },
        }
        out
    }

    /// The open follow-up of a corrective conversation: its due date.
    pub fn open_follow_up(&self) -> Option<Date> {
        let c = self.corrective.as_ref()?;
        if c.followed_up.is_some() {
            return None;
        }
        c.follow_up
    }
}

/// A request for peer feedback about `person`, sent to some of their peers; pending for each
/// peer until that peer's answer is recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackRequest {
    pub person: String,
    pub peers: Vec<String>,
    /// What the feedback should be about ("the onboarding workshop on 3 Nov").
    pub topic: String,
    pub asked_on: Date,
    /// Withdrawn, or no longer needed: no longer pending for anyone.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub closed: bool,
}

impl FeedbackRequest {
    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = vec![];
        if self.person.is_empty() {
            out.push(FieldError::new(
                "person",
                "Choose whose work the feedback is about.",
            ));
        }
        required_text("topic", "The topic", &self.topic, TITLE_MAX, &mut out);
        if self.peers.is_empty() {
            out.push(FieldError::new("peers", "Name at least one peer to ask."));
        } else if self.peers.contains(&self.person) {
            out.push(FieldError::new(
                "peers",
                "Ask peers, not the person the feedback is about.",
            ));
        }
        out
    }

    /// The peers asked by request `id` who have not answered yet (none once it is closed).
    pub fn pending<'a>(&'a self, id: &str, answers: &[&Feedback]) -> Vec<&'a str> {
        if self.closed {
            return vec![];
        }
        self.peers
            .iter()
            .filter(|peer| {
                !answers.iter().any(|f| {
                    f.kind == FeedbackKind::Peer
                        && f.request.as_deref() == Some(id)
                        && f.from == **peer
                })
            })
            .map(String::as_str)
            .collect()
    }
}

/// A team achievement: what was done, by whom, the story, and what made it work.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Celebration {
    pub title: String,
    pub on: Date,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<String>,
    pub contributors: Vec<String>,
    pub story: String,
    /// One practice per entry: these collect into the team's best-practice list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub what_worked: Vec<String>,
}

impl Celebration {
    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = vec![];
        required_text("title", "The achievement", &self.title, TITLE_MAX, &mut out);
        required_text("story", "The story", &self.story, TEXT_MAX, &mut out);
        if self.contributors.is_empty() {
            out.push(FieldError::new(
                "contributors",
                "Name at least one person who made it happen.",
            ));
        }
        for w in &self.what_worked {
            max_len("what_worked", "A practice", w, TITLE_MAX * 2, &mut out);
        }
        out
    }
}

/// A best practice: what made a win work, with the wins it came from (newest first).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Practice {
    pub text: String,
    /// (celebration title, its date), newest first.
    pub wins: Vec<(String, Date)>,
}

/// Every "what made it work" entry of the wins, the same practice (ignoring case and spaces)
/// counted once, the most often named first, then the most recent.
pub fn best_practices<'a>(wins: impl Iterator<Item = &'a Celebration>) -> Vec<Practice> {
    let mut out: Vec<(String, Practice)> = vec![];
    for c in wins {
        for w in &c.what_worked {
            let text = w.trim();
            if text.is_empty() {
                continue;
            }
            let key = normalise(text);
            let win = (c.title.clone(), c.on);
            match out.iter_mut().find(|(k, _)| *k == key) {
                Some((_, p)) => p.wins.push(win),
                None => out.push((
                    key,
                    Practice {
                        text: text.to_string(),
                        wins: vec![win],
                    },
                )),
            }
        }
    }
    let mut out: Vec<Practice> = out.into_iter().map(|(_, p)| p).collect();
    for p in &mut out {
        super::goal::sort_small(&mut p.wins, |a, b| a.1 > b.1);
    }
    let newest = |p: &Practice| p.wins[0].1;
    super::goal::sort_small(&mut out, |a, b| {
        (a.wins.len(), newest(a)) > (b.wins.len(), newest(b))
    });
    out
}

/// Lower-case ASCII, single spaces, no final full stop: "Pair on  hard tickets." = "pair on hard tickets".
fn normalise(s: &str) -> String {
    let words: Vec<String> = s
        .split_whitespace()
        .map(|w| w.to_ascii_lowercase())
        .collect();
    words.join(" ").trim_end_matches('.').to_string()
}

/// Recognition and corrective feedback of one person over the last `BALANCE_DAYS`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Balance {
    /// Recognition records, and team wins they contributed to.
    pub recognition: usize,
    pub corrective: usize,
    pub peer: usize,
    /// The last day they were recognised (any time).
    pub last_recognised: Option<Date>,
}

impl Balance {
    pub fn of<'a>(
        person: &str,
        feedback: impl Iterator<Item = &'a Feedback>,
        wins: impl Iterator<Item = &'a Celebration>,
        today: Date,
    ) -> Balance {
        let mut b = Balance::default();
        let recent = |d: Date| d <= today && d.days_until(today) < BALANCE_DAYS;
        let recognised = |b: &mut Balance, d: Date| {
            if recent(d) {
                b.recognition += 1;
            }
            if d <= today && b.last_recognised.is_none_or(|l| l < d) {
                b.last_recognised = Some(d);
            }
        };
        for f in feedback.filter(|f| f.person == person) {
            match f.kind {
                FeedbackKind::Recognition => recognised(&mut b, f.given_on),
                FeedbackKind::Corrective if recent(f.given_on) => b.corrective += 1,
                FeedbackKind::Peer if recent(f.given_on) => b.peer += 1,
                _ => {}
            }
        }
        for w in wins.filter(|w| w.contributors.iter().any(|c| c == person)) {
            recognised(&mut b, w.on);
        }
        b
    }

    /// One line for a person's page: the counts, and a nudge when the balance tips.
    pub fn text(&self) -> String {
        let mut s = format!(
            "Last 90 days: {} recognition, {} corrective, {} from peers.",
            self.recognition, self.corrective, self.peer
        );
        if self.corrective > self.recognition {
            s.push_str(
                " More corrective than recognition: look for something done well to recognise.",
            );
        }
        s
    }

    /// Days since they were last recognised, counted from `since` (when they joined) if never
    /// or earlier. None when that is fewer than `UNRECOGNISED_DAYS`.
    pub fn unrecognised_for(&self, since: Date, today: Date) -> Option<i64> {
        let from = self.last_recognised.map_or(since, |l| l.max(since));
        let days = from.days_until(today);
        (days >= UNRECOGNISED_DAYS).then_some(days)
    }
}

/// Open follow-ups of corrective conversations, (record id, feedback) with their due date,
/// earliest first; with `until`, only those due by then.
pub fn follow_ups<'a>(
    feedback: impl Iterator<Item = (&'a str, &'a Feedback)>,
    until: Option<Date>,
) -> Vec<(&'a str, &'a Feedback, Date)> {
    let mut out: Vec<_> = feedback
        .filter_map(|(id, f)| Some((id, f, f.open_follow_up()?)))
        .filter(|(_, _, due)| until.is_none_or(|u| *due <= u))
        .collect();
    super::goal::sort_small(&mut out, |a, b| a.2 < b.2);
    out
}

/// What the feedback log shows: one kind of entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    Recognition,
    Corrective,
    Peer,
    Win,
}

impl EntryKind {
    pub const ALL: [EntryKind; 4] = [
        EntryKind::Recognition,
        EntryKind::Corrective,
        EntryKind::Peer,
        EntryKind::Win,
    ];

    pub fn of(kind: FeedbackKind) -> EntryKind {
        match kind {
            FeedbackKind::Recognition => EntryKind::Recognition,
            FeedbackKind::Corrective => EntryKind::Corrective,
            FeedbackKind::Peer => EntryKind::Peer,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            EntryKind::Recognition => "recognition",
            EntryKind::Corrective => "corrective",
            EntryKind::Peer => "peer",
            EntryKind::Win => "win",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            EntryKind::Win => "Team win",
            EntryKind::Recognition => FeedbackKind::Recognition.label(),
            EntryKind::Corrective => FeedbackKind::Corrective.label(),
            EntryKind::Peer => FeedbackKind::Peer.label(),
        }
    }
}

/// The log's filter: one kind or all, and an inclusive date range.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LogFilter {
    pub kind: Option<EntryKind>,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

impl LogFilter {
    pub fn keeps(&self, kind: EntryKind, on: Date) -> bool {
        self.kind.is_none_or(|k| k == kind)
            && self.from.is_none_or(|f| on >= f)
            && self.to.is_none_or(|t| on <= t)
    }
}

/// A person's feedback log (everyone's with `person` None): record ids with kind and date,
/// newest first. Team wins appear for each contributor.
pub fn timeline<'a>(
    person: Option<&str>,
    feedback: impl Iterator<Item = (&'a str, &'a Feedback)>,
    wins: impl Iterator<Item = (&'a str, &'a Celebration)>,
    filter: &LogFilter,
) -> Vec<(&'a str, EntryKind, Date)> {
    let mut out: Vec<(&str, EntryKind, Date)> = feedback
        .filter(|(_, f)| person.is_none_or(|p| f.person == p))
        .map(|(id, f)| (id, EntryKind::of(f.kind), f.given_on))
        .chain(
            wins.filter(|(_, w)| person.is_none_or(|p| w.contributors.iter().any(|c| c == p)))
                .map(|(id, w)| (id, EntryKind::Win, w.on)),
        )
        .filter(|(_, kind, on)| filter.keeps(*kind, *on))
        .collect();
    super::goal::sort_small(&mut out, |a, b| a.2 > b.2);
    out
}

// ---- recognition scripts ----

/// The placeholders a recognition script may use, with what the form asks for each.
pub const PLACEHOLDERS: [(&str, &str); 3] = [
    ("{person}", "Who"),
    ("{what}", "What they did"),
    ("{impact}", "The impact"),
];

/// The built-in scripts (name, text), in our own words.
pub const BUILT_IN_SCRIPTS: [(&str, &str); 3] = [
    (
        "Quality excellence",
        "{person}, I want to call out {what}. It was thorough, accurate and clear, and because of it {impact}. That is the standard we aim for. Thank you.",
    ),
    (
        "Initiative and proactivity",
        "{person}, you saw {what} and acted on it before anyone asked. Because you did, {impact}. That kind of initiative keeps problems small. Thank you.",
    ),
    (
        "Team support",
        "{person}, thank you for {what}. You made a teammate's load lighter, and {impact}. That is how we succeed as a team.",
    ),
];

/// A recognition script the team wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecognitionScript {
    pub name: String,
    pub text: String,
}

impl RecognitionScript {
    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = vec![];
        required_text("script_name", "The name", &self.name, TITLE_MAX, &mut out);
        required_text("script_text", "The script", &self.text, TEXT_MAX, &mut out);
        if let Some(bad) = unknown_placeholder(&self.text) {
            out.push(FieldError::new(
                "script_text",
                format!("{bad} is not a placeholder Trellis knows: use {{person}}, {{what}} or {{impact}}."),
            ));
        }
        out
    }
}

/// The first `{…}` in `text` that is not one of `PLACEHOLDERS`, or an unclosed `{`.
fn unknown_placeholder(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start..];
        let Some(len) = after.find('}') else {
            return Some(after.chars().take(12).collect());
        };
        let token = &after[..=len];
        if !PLACEHOLDERS.iter().any(|(p, _)| *p == token) {
            return Some(token.to_string());
        }
        rest = &after[len + 1..];
    }
    None
}

/// The values typed into a script's placeholders: person, what, impact.
pub type Filling<'a> = [&'a str; 3];

/// The script with its placeholders filled; an empty value shows as "[what they did]" so the
/// preview points at what is missing.
pub fn fill(script: &str, values: &Filling) -> String {
    let mut out = script.to_string();
    for ((token, label), value) in PLACEHOLDERS.iter().zip(values) {
        let value = value.trim();
        let shown = if value.is_empty() {
            format!("[{}]", label.to_ascii_lowercase())
        } else {
            value.trim_end_matches('.').to_string()
        };
        out = out.replace(token, &shown);
    }
    out
}

/// The placeholders the script uses that have no value yet, as field errors (field names
/// "person_name", "what", "impact").
pub fn unfilled(script: &str, values: &Filling) -> Vec<FieldError> {
    const FIELDS: [&str; 3] = ["person_name", "what", "impact"];
    PLACEHOLDERS
        .iter()
        .zip(values)
        .zip(FIELDS)
        .filter(|(((token, _), value), _)| script.contains(token) && value.trim().is_empty())
        .map(|(((_, label), _), field)| {
            FieldError::new(
                field,
                format!("{label}: the script uses it, so fill it in before logging."),
            )
        })
        .collect()
}

#[cfg(test)]
#[path = "feedback_tests.rs"]
mod tests;
