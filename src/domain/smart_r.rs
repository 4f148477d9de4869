//! The SMART-R checker behind the goal worksheet: each letter of a goal gets a pass, a warning
//! or a concrete hint, from its wording and its fields. Keyword- and table-driven, so it is
//! deterministic and small (no regex crate: every KB counts in the wasm bundle).
use super::dates::Date;

use super::dates::{add_days, days_between, long_date, month_end, weekday_of, ymd};
use super::goal::{format_number, parse_number, Direction, Goal, GoalLevel};

// Word lists: lowercase; multi-word entries match consecutive words. Verbs match their
// inflections too ("conducts", "conducting", "ran" excepted), so list base forms only.

/// Wording that promises "better" without saying what will change.
const VAGUE_VERBS: &[&str] = &[
    "improve things",
    "do better",
    "work harder",
    "try harder",
    "be more",
    "be better",
    "better results",
    "as needed",
    "as much as possible",
    "in general",
];
/// Stand-ins for a real object.
const VAGUE_OBJECTS: &[&str] = &["things", "stuff", "various", "etc", "everything", "somehow"];
/// Verbs that describe effort rather than an outcome, when they open the title.
const ACTIVITY_VERBS: &[&str] = &[
    "conduct",
    "attend",
    "send",
    "hold",
    "run",
    "make",
    "call",
    "meet",
    "write",
    "participate",
    "organize",
    "organise",
    "schedule",
    "review",
    "do",
    "submit",
    "host",
    "contact",
    "visit",
    "email",
    "post",
    "prepare",
    "join",
    "take",
    "log",
    "spend",
    "try",
    "work",
];
/// "Complete"/"finish" a deliverable is a result; completing training is an activity.
const TRAINING_WORDS: &[&str] = &["training", "course", "module", "webinar", "session"];
/// Verbs that name an outcome.
const RESULT_VERBS: &[&str] = &[
    "increase",
    "reduce",
    "raise",
    "cut",
    "grow",
    "achieve",
    "reach",
    "launch",
    "deliver",
    "ship",
    "lower",
    "improve",
    "decrease",
    "boost",
    "double",
    "halve",
    "win",
    "retain",
    "generate",
    "save",
    "eliminate",
    "hire",
    "lift",
    "convert",
    "renew",
    "resolve",
    "publish",
    "release",
];
/// Words before the verb that say nothing about it ("We will raise ...").
const FILLERS: &[&str] = &["we", "i", "will", "to", "must", "should", "shall"];
/// Number words that set a target as well as digits do ("zero escalations", "two sessions").
const NUMBER_WORDS: &[&str] = &[
    "zero", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve",
    "twenty", "dozen", "hundred", "double", "twice", "triple",
];
/// Recurring time frames: enough for an operational goal, whose cadence is its time frame.
const CADENCES: &[&str] = &[
    "per week",
    "each week",
    "every week",
    "weekly",
    "a week",
    "this week",
    "per month",
    "each month",
    "every month",
    "monthly",
    "a month",
    "this month",
    "per day",
    "each day",
    "every day",
    "daily",
    "a day",
];
/// Words that introduce a deadline ("by December", "before 15 March", "in Q3").
const DEADLINE_WORDS: &[&str] = &["by", "before", "until", "till", "due", "in", "on"];
/// Words before a 4-digit number that make it a year ("in 2027", "end of 2027").
const YEAR_LEADS: &[&str] = &[
    "by", "in", "of", "until", "before", "end", "during", "since", "for", "fy",
];
/// Words that end the phrase naming what a goal is about ("... from 7.2 to 8.5 by ..."); a
/// result clause keeps its numbers, so it ends at the entries after "from".
const PHRASE_ENDS: &[&str] = &[
    "from", "by", "per", "within", "before", "until", "so", "in", "on",
];
/// Small words a quoted phrase should not end on ("... workshops for").
const LOOSE_ENDS: &[&str] = &[
    "to", "the", "with", "for", "a", "an", "of", "and", "who", "that", "at", "all", "every", "each",
];

/// Fewer words than this cannot say what will change, for whom and how much.
pub const MIN_WORDS: usize = 4;
/// A change more than this many times the owner's best past change is flagged.
pub const HISTORY_FACTOR: f64 = 2.0;
/// Without history: an upward target more than this many times the start is flagged...
pub const MAX_GROWTH_FACTOR: f64 = 3.0;
/// ...and so is a downward target that cuts more than this share of the start.
pub const MAX_CUT_SHARE: f64 = 0.9;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Letter {
    Specific,
    Measurable,
    Achievable,
    Relevant,
    TimeBound,
    Results,
}

impl Letter {
    pub const ALL: [Letter; 6] = [
        Letter::Specific,
        Letter::Measurable,
        Letter::Achievable,
        Letter::Relevant,
        Letter::TimeBound,
        Letter::Results,
    ];

    pub fn initial(self) -> &'static str {
        match self {
            Letter::Specific => "S",
            Letter::Measurable => "M",
            Letter::Achievable => "A",
            Letter::Relevant | Letter::Results => "R",
            Letter::TimeBound => "T",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Letter::Specific => "Specific",
            Letter::Measurable => "Measurable",
            Letter::Achievable => "Achievable",
            Letter::Relevant => "Relevant",
            Letter::TimeBound => "Time-bound",
            Letter::Results => "Results-focused",
        }
    }

    /// The worksheet's question for this letter.
    pub fn prompt(self) -> &'static str {
        match self {
            Letter::Specific => "What exactly will change, and for whom? Name the thing itself, not a direction like \u{201c}do better\u{201d}.",
            Letter::Measurable => "How will you know it happened? Give the number it moves from and to, a count, or milestones with dates.",
            Letter::Achievable => "Can the owner reach it alongside the goals they already hold? Compare it with what they achieved before.",
            Letter::Relevant => "Why does it matter? Name the higher goal it serves, or for a strategic goal, why it matters to the team or the business.",
            Letter::TimeBound => "By when? Pick a deadline within the level's span: a year for strategic, a quarter for tactical, a month or a week for operational.",
            Letter::Results => "What outcome will it bring? Name the result, not the activity; at the operational level an activity is fine when it drives a result above.",
        }
    }

    /// A short example of a good answer.
    pub fn example(self) -> &'static str {
        match self {
            Letter::Specific => "Customer satisfaction scores of our enterprise accounts",
            Letter::Measurable => "from 7.2 to 8.5 on the quarterly survey",
            Letter::Achievable => "One of 4 strategic goals; last year's best gain was +1.0",
            Letter::Relevant => "Satisfied customers renew: it serves the renewal target",
            Letter::TimeBound => "by 31 December",
            Letter::Results => "\u{201c}Raise renewals from 80 % to 90 %\u{201d} rather than \u{201c}Hold renewal calls\u{201d}",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Letter::Specific => "specific",
            Letter::Measurable => "measurable",
            Letter::Achievable => "achievable",
            Letter::Relevant => "relevant",
            Letter::TimeBound => "time_bound",
            Letter::Results => "results",
        }
    }
}

/// `Warning` means the goal has the letter's shape but looks risky (used by Achievable).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    Hint,
    Warning,
}

impl Verdict {
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Hint => "hint",
            Verdict::Warning => "warning",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct LetterCheck {
    pub letter: Letter,
    pub verdict: Verdict,
    /// On a pass, what was found; otherwise the concrete hint or warning.
    pub message: String,
}

#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    pub today: Date,
    /// The goal it aligns to, when it names one that exists.
    pub parent: Option<&'a Goal>,
    /// Other active goals the same owner already holds at this level in this period (not counting this one).
    pub same_level_count: usize,
    /// Changes (target - start, signed in the goal's direction, i.e. positive = improvement) the
    /// same owner achieved on earlier goals with the same unit; empty when unknown.
    pub past_changes: &'a [f64],
}

/// Checks `goal` letter by letter: always six results, in `Letter::ALL` order.
pub fn check(goal: &Goal, ctx: &Context) -> Vec<LetterCheck> {
    let title = goal.title.trim();
    let text = format!("{title} {}", goal.description.trim());
    let toks = tokens(&text);
    let g = Parsed {
        goal,
        ctx,
        text: &text,
        toks: &toks,
        title: toks.iter().take_while(|t| t.start < title.len()).count(),
    };
    Letter::ALL
        .into_iter()
        .map(|letter| {
            let (verdict, message) = match letter {
                Letter::Specific => specific(&g),
                Letter::Measurable => measurable(&g),
                Letter::Achievable => achievable(&g),
                Letter::Relevant => relevant(&g),
                Letter::TimeBound => time_bound(&g),
                Letter::Results => results(&g),
            };
            LetterCheck {
                letter,
                verdict,
                message,
            }
        })
        .collect()
}

/// How many letters pass. A warning counts: the goal has the letter's shape and the warning
/// is advice to reconsider, not something missing.
pub fn passes(checks: &[LetterCheck]) -> usize {
    checks.iter().filter(|c| c.verdict != Verdict::Hint).count()
}

/// Numbers written in the text as "from 7.2 to 8.5" / "from 40% to 25%" / "7.2 → 8.5": (start, target).
pub fn measure_in_text(text: &str) -> Option<(f64, f64)> {
    measure_in(&tokens(text))
}

/// A deadline written in the text: "by December", "by 15 March", "by end of Q3", "by
/// 2027-03-31", "in 2 weeks", "by Friday". "this week"/"per week" are not deadlines. Gives the
/// next matching date on or after today (end of month for a month name, of quarter for Q3).
pub fn deadline_in_text(text: &str, today: Date) -> Option<Date> {
    deadline_in(&tokens(text), today)
}

// ---- Tokens ----

#[derive(Clone, Debug, PartialEq)]
enum Kind {
    Word,
    Num(f64),
    /// An ISO date, "2027-03-31".
    Date(Date),
    /// "→" or "->".
    Arrow,
}

#[derive(Clone, Debug)]
struct Tok {
    kind: Kind,
    /// A word in lowercase, or the letters stuck to a number ("m" in "$2M", "th" in "15th").
    low: String,
    /// Byte range in the text, to quote the user's own words back.
    start: usize,
    end: usize,
    money: bool,
    pct: bool,
    /// A time of day ("5:30").
    clock: bool,
}

impl Tok {
    fn word(&self) -> Option<&str> {
        (self.kind == Kind::Word).then_some(self.low.as_str())
    }
    fn is(&self, w: &str) -> bool {
        self.word() == Some(w)
    }
    fn num(&self) -> Option<f64> {
        match self.kind {
            Kind::Num(v) => Some(v),
            _ => None,
        }
    }
    /// A plain whole number, as days, years and counts are written.
    fn int(&self) -> Option<i32> {
        self.num()
            .filter(|v| v.fract() == 0.0 && v.abs() < 1e6 && !self.money && !self.pct)
            .map(|v| v as i32)
    }
    /// 1-12 for "March", "mar", "MARCH" (whole words only, so "marching" is not).
    fn month(&self) -> Option<u32> {
        super::dates::month_of(self.word()?)
    }
    /// 1-4 for "q1".."q4".
    fn quarter(&self) -> Option<u32> {
        let q = self.word()?.strip_prefix('q')?.parse::<u32>().ok()?;
        (1..=4).contains(&q).then_some(q)
    }
}

/// Splits text into words, numbers (with %, currency and suffix), ISO dates and arrows;
/// other punctuation only separates. Works on chars, so "Tomás" stays one word.
fn tokens(text: &str) -> Vec<Tok> {
    let cs: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| cs.get(i).map(|c| c.1);
    let pos = |i: usize| cs.get(i).map_or(text.len(), |c| c.0);
    let digit = |i: usize| at(i).is_some_and(|c| c.is_ascii_digit());
    let mut out = vec![];
    let mut i = 0;
    while let Some(c) = at(i) {
        let s = i;
        let mut tok = Tok {
            kind: Kind::Word,
            low: String::new(),
            start: pos(s),
            end: 0,
            money: false,
            pct: false,
            clock: false,
        };
        if c.is_alphabetic() {
            // Apostrophes inside a word keep it whole: "Tomás's", "don't".
            while at(i).is_some_and(char::is_alphanumeric)
                || (matches!(at(i), Some('\'' | '\u{2019}'))
                    && at(i + 1).is_some_and(char::is_alphabetic))
            {
                i += 1;
            }
            tok.low = text[pos(s)..pos(i)].to_ascii_lowercase();
        } else if c.is_ascii_digit() || (matches!(c, '$' | '\u{20ac}' | '\u{a3}') && digit(i + 1)) {
            tok.money = !c.is_ascii_digit();
            if tok.money {
                i += 1;
            }
            let ds = i;
            while digit(i) || (matches!(at(i), Some(',' | '.')) && digit(i + 1)) {
                i += 1;
            }
            let iso = i - ds == 4
                && at(i) == Some('-')
                && digit(i + 1)
                && digit(i + 2)
                && at(i + 3) == Some('-')
                && digit(i + 4)
                && digit(i + 5)
                && !digit(i + 6);
            if iso {
                i += 6;
                match text[pos(ds)..pos(i)].parse::<Date>() {
                    Ok(d) => tok.kind = Kind::Date(d),
                    Err(_) => continue, // "2026-02-30": not a date, and no amount either
                }
            } else {
                let Some(v) = parse_number(&text[pos(ds)..pos(i)]) else {
                    continue;
                };
                tok.kind = Kind::Num(v);
                if at(i) == Some(':') && digit(i + 1) && digit(i + 2) {
                    tok.clock = true;
                    i += 3;
                }
                let ls = i;
                while at(i).is_some_and(char::is_alphabetic) {
                    i += 1;
                }
                tok.low = text[pos(ls)..pos(i)].to_ascii_lowercase();
                // "40%", and "40 %" as the app itself writes percentages.
                if at(i) == Some('%') {
                    tok.pct = true;
                    i += 1;
                } else if matches!(at(i), Some(' ' | '\u{a0}' | '\u{202f}'))
                    && at(i + 1) == Some('%')
                {
                    tok.pct = true;
                    i += 2;
                }
            }
        } else if matches!(c, '\u{2192}' | '\u{27f6}') || (c == '-' && at(i + 1) == Some('>')) {
            i += if c == '-' { 2 } else { 1 };
            tok.kind = Kind::Arrow;
        } else {
            i += 1;
            continue;
        }
        tok.end = pos(i);
        out.push(tok);
    }
    out
}

/// True when `word` is `base` or one of its regular inflections: "sends", "sending",
/// "organized", "making", "running", "applies". Never "sender" for "send".
fn inflects(word: &str, base: &str) -> bool {
    if word == base {
        return true;
    }
    if let Some(rest) = word.strip_prefix(base) {
        let doubled = base.chars().last().is_some_and(|last| {
            let mut r = rest.chars();
            r.next() == Some(last) && matches!(r.as_str(), "ing" | "ed")
        });
        // "d" only after a final e ("organized"), and not on short bases ("be" + "d").
        return matches!(rest, "s" | "es" | "ing" | "ed")
            || (rest == "d" && base.len() > 2 && base.ends_with('e'))
            || doubled;
    }
    if let Some(stem) = base.strip_suffix('e') {
        return stem.len() > 1 && word.strip_prefix(stem) == Some("ing");
    }
    if let Some(stem) = base.strip_suffix('y') {
        return matches!(word.strip_prefix(stem), Some("ies" | "ied"));
    }
    false
}

/// The first entry of `list` found in the tokens, as the user wrote it.
fn find_phrase<'t>(text: &'t str, toks: &[Tok], list: &[&str]) -> Option<&'t str> {
    (0..toks.len()).find_map(|i| {
        list.iter().find_map(|phrase| {
            let n = phrase.split(' ').count();
            let hit = phrase.split(' ').enumerate().all(|(k, w)| {
                toks.get(i + k)
                    .and_then(Tok::word)
                    .is_some_and(|t| inflects(t, w))
            });
            hit.then(|| &text[toks[i].start..toks[i + n - 1].end])
        })
    })
}

/// The user's words from token `from` until one of `ends`, at most `max` tokens, without
/// loose small words at the end.
fn phrase<'t>(
    text: &'t str,
    toks: &[Tok],
    from: usize,
    max: usize,
    ends: &[&str],
) -> Option<&'t str> {
    let mut len = toks[from.min(toks.len())..]
        .iter()
        .take(max)
        .enumerate()
        .take_while(|(k, t)| *k == 0 || !t.word().is_some_and(|w| ends.contains(&w)))
        .count();
    while len > 1
        && toks[from + len - 1]
            .word()
            .is_some_and(|w| LOOSE_ENDS.contains(&w))
    {
        len -= 1;
    }
    (len > 0).then(|| &text[toks[from].start..toks[from + len - 1].end])
}

/// True when number token `i` is part of a date or time rather than an amount: "15 March",
/// "March 15th", "in 2027", "Friday 5pm", "in 2 weeks". ("Q3" is a word, so never a number.)
fn date_part(toks: &[Tok], i: usize) -> bool {
    let t = &toks[i];
    if t.num().is_none() || t.money || t.pct {
        return false;
    }
    let prev = i.checked_sub(1).and_then(|k| toks.get(k));
    let next = toks.get(i + 1);
    let next_w = next.and_then(Tok::word);
    if t.clock
        || matches!(t.low.as_str(), "am" | "pm" | "st" | "nd" | "rd" | "th")
        || matches!(next_w, Some("am" | "pm"))
    {
        return true;
    }
    let Some(n) = t.int() else { return false };
    let by_month = |o: Option<&Tok>| o.is_some_and(|o| o.month().is_some());
    if (1..=31).contains(&n) && (by_month(prev) || by_month(next)) {
        return true;
    }
    // A bare 4-digit year: after a date word or "in"/"by"/"end of", or with no unit after it.
    // "Handle 2000 tickets" stays an amount; "1,990" has a comma, so it is no year.
    if t.low.is_empty() && t.end - t.start == 4 && (1990..=2100).contains(&n) {
        let after_date = prev.is_some_and(|p| {
            p.month().is_some()
                || p.quarter().is_some()
                || (p.num().is_some() && date_part(toks, i - 1))
        });
        let lead = prev
            .and_then(Tok::word)
            .is_some_and(|w| YEAR_LEADS.contains(&w));
        if after_date || lead || next_w.is_none() {
            return true;
        }
    }
    prev.is_some_and(|p| p.is("in")) && next_w.is_some_and(|w| duration_days(w).is_some())
}

/// Days in one "day"/"week"; months are counted on the calendar (0 here).
fn duration_days(w: &str) -> Option<i64> {
    match w {
        "day" | "days" => Some(1),
        "week" | "weeks" => Some(7),
        "month" | "months" => Some(0),
        _ => None,
    }
}

/// Token `i` as an amount: a number that is not part of a date.
fn amount(toks: &[Tok], i: usize) -> Option<f64> {
    toks.get(i)?.num().filter(|_| !date_part(toks, i))
}

fn measure_in(toks: &[Tok]) -> Option<(f64, f64)> {
    measure_at(toks).map(|(_, a, b)| (a, b))
}

/// The first "from A to B" / "A → B" in the tokens: (index of A, A, B).
fn measure_at(toks: &[Tok]) -> Option<(usize, f64, f64)> {
    (0..toks.len()).find_map(|i| {
        let a = amount(toks, i)?;
        let from = i > 0 && toks[i - 1].is("from");
        // Up to three unit words between the numbers: "from 4 hours to 1 hour".
        let mut j = i + 1;
        while j < i + 4 && toks.get(j).and_then(Tok::word).is_some_and(|w| w != "to") {
            j += 1;
        }
        let sep = toks.get(j)?;
        let linked = sep.kind == Kind::Arrow || (from && sep.is("to"));
        linked
            .then(|| amount(toks, j + 1))
            .flatten()
            .map(|b| (i, a, b))
    })
}

/// The first amount in the text: index of a number or a number word.
fn first_amount(toks: &[Tok]) -> Option<usize> {
    (0..toks.len()).find(|&i| {
        amount(toks, i).is_some() || toks[i].word().is_some_and(|w| NUMBER_WORDS.contains(&w))
    })
}

/// The same day `n` months later, or the month's last day when it is shorter.
fn add_months(d: Date, n: u32) -> Option<Date> {
    let total = d.year() as i64 * 12 + i64::from(d.month0()) + i64::from(n);
    let (y, m) = (
        i32::try_from(total.div_euclid(12)).ok()?,
        (total.rem_euclid(12) + 1) as u32,
    );
    let last = month_end(y, m);
    ymd(y, m, d.day().min(last.day()))
}

fn deadline_in(toks: &[Tok], today: Date) -> Option<Date> {
    (0..toks.len()).find_map(|i| deadline_at(toks, i, today))
}

/// A deadline starting at token `i`, which must be one of `DEADLINE_WORDS`.
fn deadline_at(toks: &[Tok], i: usize, today: Date) -> Option<Date> {
    if !toks[i].word().is_some_and(|w| DEADLINE_WORDS.contains(&w)) {
        return None;
    }
    // "by the end of ..."
    let mut j = i + 1;
    let mut end = false;
    while let Some(w) = toks.get(j).and_then(Tok::word) {
        match w {
            "the" | "of" => {}
            "end" => end = true,
            _ => break,
        }
        j += 1;
    }
    let t = toks.get(j)?;
    let year_at = |k: usize| {
        toks.get(k)
            .filter(|t| t.low.is_empty())
            .and_then(Tok::int)
            .filter(|y| (1990..=2100).contains(y))
    };
    let y = today.year();
    // Month `m` (with day `d`, else its last day), of `year` or the next one on or after today.
    let on_or_after = |m: u32, d: Option<u32>, year: Option<i32>| {
        let make = |y| d.map_or(Some(month_end(y, m)), |d| ymd(y, m, d));
        match year {
            Some(year) => make(year),
            None => make(y).filter(|x| *x >= today).or_else(|| make(y + 1)),
        }
    };
    match &t.kind {
        Kind::Date(d) => Some(*d),
        Kind::Arrow => None,
        Kind::Num(_) => {
            let n = t.int()?;
            if let Some(m) = toks.get(j + 1).and_then(Tok::month) {
                // "15 March [2027]"
                let d = u32::try_from(n).ok().filter(|d| (1..=31).contains(d))?;
                return on_or_after(m, Some(d), year_at(j + 2));
            }
            if end && year_at(j).is_some() {
                return Some(month_end(n, 12)); // "end of 2027"; a bare "by 2027" is ambiguous
            }
            let per = toks.get(j + 1).and_then(Tok::word).and_then(duration_days);
            match (toks[i].is("in"), per, u32::try_from(n)) {
                (true, Some(0), Ok(n)) => add_months(today, n),
                (true, Some(k), _) => Some(add_days(today, i64::from(n) * k)),
                _ => None,
            }
        }
        Kind::Word => {
            if let Some(m) = t.month() {
                // "March 15[, 2027]", "March 2027", "March"
                let day = toks.get(j + 1).filter(|d| {
                    d.low.is_empty() || matches!(d.low.as_str(), "st" | "nd" | "rd" | "th")
                });
                if let Some(d) = day
                    .and_then(Tok::int)
                    .and_then(|d| u32::try_from(d).ok())
                    .filter(|d| (1..=31).contains(d))
                {
                    return on_or_after(m, Some(d), year_at(j + 2));
                }
                return on_or_after(m, None, year_at(j + 1));
            }
            if let Some(q) = t.quarter() {
                return on_or_after(q * 3, None, year_at(j + 1));
            }
            match t.low.as_str() {
                "month" if end => return Some(month_end(y, today.month())),
                "quarter" if end => return Some(month_end(y, (today.month0() / 3 + 1) * 3)),
                "year" if end => return Some(month_end(y, 12)),
                _ => {}
            }
            let w = weekday_of(&t.low)?;
            let ahead = (7 + w - today.weekday0()) % 7;
            Some(add_days(today, i64::from(ahead)))
        }
    }
}

// ---- The six letters ----

struct Parsed<'g> {
    goal: &'g Goal,
    ctx: &'g Context<'g>,
    /// Title and description, in that order.
    text: &'g str,
    toks: &'g [Tok],
    /// How many of `toks` belong to the title.
    title: usize,
}

impl Parsed<'_> {
    /// Index of the title's first word after fillers like "We will": its verb, usually.
    fn verb(&self) -> Option<usize> {
        (0..self.title).find(|&i| !self.toks[i].word().is_some_and(|w| FILLERS.contains(&w)))
    }
}

type Outcome = (Verdict, String);

fn pass(m: impl Into<String>) -> Outcome {
    (Verdict::Pass, m.into())
}
fn hint(m: impl Into<String>) -> Outcome {
    (Verdict::Hint, m.into())
}

fn specific(p: &Parsed) -> Outcome {
    if p.toks.iter().filter(|t| t.kind != Kind::Arrow).count() < MIN_WORDS {
        return hint("Too short to say what will change: name the result, for whom and how much, e.g. \u{201c}Raise satisfaction of enterprise customers from 7.2 to 8.5\u{201d}.");
    }
    if let Some(v) = find_phrase(p.text, p.toks, VAGUE_OBJECTS) {
        return hint(format!("\u{201c}{v}\u{201d} does not say which: name the product, process or customers it is about."));
    }
    // "Do better at support: raise CSAT from 7 to 8" names the change after all.
    if measure_in(p.toks).is_none() {
        if let Some(v) = find_phrase(p.text, p.toks, VAGUE_VERBS) {
            return hint(format!("\u{201c}{v}\u{201d} does not say what will change: say exactly what, e.g. which score, for which customers."));
        }
    }
    let what = p
        .verb()
        .and_then(|i| phrase(p.text, &p.toks[..p.title], i, 8, PHRASE_ENDS))
        .unwrap_or(p.text.trim());
    pass(format!("Names what changes: \u{201c}{what}\u{201d}."))
}

fn measurable(p: &Parsed) -> Outcome {
    if let Some(m) = &p.goal.measure {
        let unit = if m.unit.trim().is_empty() {
            "a number"
        } else {
            m.unit.trim()
        };
        return pass(format!(
            "Measures {unit}: {} \u{2192} {}.",
            format_number(m.start),
            format_number(m.target)
        ));
    }
    let ms = &p.goal.milestones;
    if !ms.is_empty() {
        let undated = ms.iter().filter(|m| m.due.is_none()).count();
        return if undated == 0 {
            pass(format!("Measured by {} milestones with dates.", ms.len()))
        } else {
            hint(format!("{undated} of {} milestones have no date: date each one so progress can be tracked.", ms.len()))
        };
    }
    if let Some((at, a, b)) = measure_at(p.toks) {
        // What moves: the words between the last result verb (else the first word) and the
        // numbers: "Sender reputation: raise email deliverability from 92 % ..." measures
        // "email deliverability".
        let end = if at > 0 && p.toks[at - 1].is("from") {
            at - 1
        } else {
            at
        };
        let verb = (0..end)
            .rev()
            .find(|&k| {
                p.toks[k]
                    .word()
                    .is_some_and(|w| RESULT_VERBS.iter().any(|b| inflects(w, b)))
            })
            .or(p.verb());
        let what = verb
            .filter(|v| v + 1 < end)
            .and_then(|v| phrase(p.text, &p.toks[..end], v + 1, 8, &[]))
            .unwrap_or("a number");
        return pass(format!(
            "Measures {what}: {} \u{2192} {}.",
            format_number(a),
            format_number(b)
        ));
    }
    if let Some(i) = first_amount(p.toks) {
        let what = phrase(p.text, p.toks, i, 4, PHRASE_ENDS).unwrap_or_default();
        return pass(format!("Counts {what}."));
    }
    hint("No number to aim for: give a start and a target, e.g. \u{201c}from 7.2 to 8.5\u{201d}, a count such as \u{201c}15 calls a week\u{201d}, or milestones with dates.")
}

/// Start, target and direction asked for: the measure's, else the numbers in the text.
fn requested(p: &Parsed) -> Option<(f64, f64, Direction)> {
    if let Some(m) = &p.goal.measure {
        return Some((m.start, m.target, m.direction));
    }
    let (a, b) = measure_in(p.toks)?;
    Some((
        a,
        b,
        if b < a {
            Direction::Down
        } else {
            Direction::Up
        },
    ))
}

fn achievable(p: &Parsed) -> Outcome {
    let level = p.goal.level;
    let (lo, hi) = level.range();
    let held = p.ctx.same_level_count;
    let mut warnings = vec![];
    if held + 1 > hi {
        warnings.push(format!(
            "The owner already holds {held} {} goals; the method suggests {lo}-{hi}, so this makes {}: focus on fewer.",
            level.key(),
            held + 1
        ));
    }
    let mut checked = "";
    if let Some((start, target, dir)) =
        requested(p).filter(|(a, b, _)| a.is_finite() && b.is_finite())
    {
        let change = match dir {
            Direction::Up => target - start,
            Direction::Down => start - target,
        };
        let best = p
            .ctx
            .past_changes
            .iter()
            .copied()
            .filter(|c| c.is_finite())
            .fold(f64::NEG_INFINITY, f64::max);
        let (s, t) = (format_number(start), format_number(target));
        if best > 0.0 {
            // The owner's own record is the best yardstick.
            checked = ", and the change is within twice the owner's best so far";
            if change > HISTORY_FACTOR * best {
                warnings.push(format!(
                    "This asks for a change of {}, more than twice the owner's best so far ({}): check it is realistic, or stage it.",
                    format_number(change),
                    format_number(best)
                ));
            }
        } else if start > 0.0 {
            // No usable record (none, or never an improvement): flag only extreme jumps.
            checked = ", and the change looks realistic";
            if dir == Direction::Up && target > MAX_GROWTH_FACTOR * start {
                warnings.push(format!("The target is more than three times the start ({s} \u{2192} {t}): check it is realistic, or stage it over several goals."));
            } else if dir == Direction::Down && target < start * (1.0 - MAX_CUT_SHARE) {
                warnings.push(format!("This cuts more than 90 % ({s} \u{2192} {t}): check it is realistic, or stage it over several goals."));
            }
        }
    }
    if warnings.is_empty() {
        pass(format!(
            "Within the method's {lo}-{hi} {} goals per owner{checked}.",
            level.key()
        ))
    } else {
        (Verdict::Warning, warnings.join(" "))
    }
}

fn relevant(p: &Parsed) -> Outcome {
    let level = p.goal.level;
    if let Some(parent) = p.ctx.parent {
        if parent.level.is_above(level) {
            return pass(format!(
                "Serves the {} goal \u{201c}{}\u{201d}.",
                parent.level.key(),
                parent.title.trim()
            ));
        }
    }
    match level.parent() {
        None if !p.goal.relevance.trim().is_empty() => {
            pass(format!("Why it matters: {}", p.goal.relevance.trim()))
        }
        None => hint("Say why it matters to the team or the business."),
        Some(above) => match p.ctx.parent {
            Some(parent) => hint(format!(
                "\u{201c}{}\u{201d} is not above this goal: align it to a {} goal it serves.",
                parent.title.trim(),
                above.key()
            )),
            None if p.goal.aligned_to.is_some() => hint(format!(
                "The goal it aligned to is gone: align it to a {} goal it serves.",
                above.key()
            )),
            None => hint(format!("Align it to a {} goal it serves.", above.key())),
        },
    }
}

fn time_bound(p: &Parsed) -> Outcome {
    let level = p.goal.level;
    let today = p.ctx.today;
    let (span, a, advice) = match level {
        GoalLevel::Strategic => ("a year", "a", "split it into yearly goals"),
        GoalLevel::Tactical => ("a quarter", "a", "make it strategic"),
        GoalLevel::Operational => ("a month or a week", "an", "make it tactical"),
    };
    let Some(due) = p.goal.due.or_else(|| deadline_in(p.toks, today)) else {
        let cadence = find_phrase(p.text, p.toks, CADENCES);
        return match (level, cadence) {
            (GoalLevel::Operational, Some(c)) => pass(format!("Recurs \u{201c}{c}\u{201d}: that is its time frame.")),
            (_, Some(c)) => hint(format!("\u{201c}{c}\u{201d} is a cadence, which suits operational goals: give a deadline, e.g. \u{201c}by 30 June\u{201d}.")),
            (GoalLevel::Operational, None) => hint("No time frame: give a deadline, e.g. \u{201c}by Friday\u{201d}, or a cadence such as \u{201c}per week\u{201d}."),
            _ => hint("No deadline: give one, e.g. \u{201c}by 30 June\u{201d}, or set the due date."),
        };
    };
    let start = p.goal.starts_on().unwrap_or(today);
    let days = days_between(start, due);
    if days < 0 {
        return hint(format!(
            "The deadline {} is before the start {}: pick a later one.",
            long_date(due),
            long_date(start)
        ));
    }
    if days > level.horizon_days() {
        let away = if days < 62 {
            format!("{days} days")
        } else {
            format!("{} months", (days as f64 / 30.44).round() as i64)
        };
        return hint(format!(
            "{} {} goal spans {span}; this deadline is {away} away: {advice} or bring the deadline in.",
            if a == "an" { "An" } else { "A" },
            level.key()
        ));
    }
    pass(format!(
        "Due {}, within {span}: the span of {a} {} goal.",
        long_date(due),
        level.key()
    ))
}

fn results(p: &Parsed) -> Outcome {
    let Some(i) = p.verb() else {
        return hint("Name the result the goal should bring.");
    };
    let verb = p.toks[i].word().unwrap_or_default();
    let any = |list: &[&str], w: &str| list.iter().any(|b| inflects(w, b));
    let training = p.toks[..p.title]
        .iter()
        .filter_map(Tok::word)
        .any(|w| any(TRAINING_WORDS, w));
    let activity = any(ACTIVITY_VERBS, verb)
        || (training && (inflects(verb, "complete") || inflects(verb, "finish")));
    if !activity {
        return pass(if any(RESULT_VERBS, verb) {
            "Names a result, not an activity."
        } else {
            "Reads as an outcome rather than an activity."
        });
    }
    // "Hold renewal calls to raise renewals from 80 % to 90 %" says which result it serves.
    let serves = (0..p.toks.len()).find(|&k| {
        p.toks[k].is("to")
            && p.toks
                .get(k + 1)
                .and_then(Tok::word)
                .is_some_and(|w| any(RESULT_VERBS, w))
    });
    if let Some(what) = serves.and_then(|k| phrase(p.text, p.toks, k + 1, 8, &PHRASE_ENDS[1..])) {
        return pass(format!(
            "Names the result the activity serves: \u{201c}{what}\u{201d}."
        ));
    }
    let said = &p.text[p.toks[i].start..p.toks[i].end];
    match (p.goal.level, p.ctx.parent) {
        (GoalLevel::Operational, Some(parent)) => pass(format!(
            "An activity, which is fine at this level: a leading indicator for \u{201c}{}\u{201d}.",
            parent.title.trim()
        )),
        (GoalLevel::Operational, None) => hint("An activity is fine at this level as a leading indicator, but align it to the tactical goal whose result it drives."),
        _ => hint(format!(
            "\u{201c}{said}\u{201d} describes an activity: name the result it should bring, e.g. \u{201c}Raise renewals from 80 % to 90 %\u{201d} instead of \u{201c}Hold renewal calls\u{201d}."
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::goal::{Measure, Milestone};
    use GoalLevel::{Operational as O, Strategic as S, Tactical as T};

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::from_ymd(y, m, day).unwrap()
    }

    /// Early in the year, so "by December" is within a strategic goal's year.
    const TODAY: (i32, u32, u32) = (2026, 1, 12); // a Monday

    /// One goal as a team would write it, with the verdicts expected for S M A R T R
    /// (P pass, H hint, W warning).
    struct Row {
        title: &'static str,
        level: GoalLevel,
        /// Aligned to an existing goal one level up.
        aligned: bool,
        /// "Why it matters" filled in.
        why: bool,
        due: Option<(i32, u32, u32)>,
        /// (start, target, down, unit)
        measure: Option<(f64, f64, bool, &'static str)>,
        milestones: &'static [Option<(i32, u32, u32)>],
        /// Other goals the owner holds at this level.
        count: usize,
        history: &'static [f64],
        expect: &'static str,
    }

    const R: Row = Row {
        title: "",
        level: O,
        aligned: false,
        why: false,
        due: None,
        measure: None,
        milestones: &[],
        count: 0,
        history: &[],
        expect: "",
    };

    #[rustfmt::skip]
    const ROWS: &[Row] = &[
        // The guide's examples.
        Row { title: "Increase customer satisfaction scores from 7.2 to 8.5 by December", level: S, why: true, expect: "PPPPPP", ..R },
        Row { title: "Increase customer satisfaction scores from 7.2 to 8.5 by December", level: S, expect: "PPPHPP", ..R },
        Row { title: "Launch new product line generating $2M revenue", level: S, why: true, expect: "PPPPHP", ..R },
        Row { title: "Launch new product line generating $2M revenue by end of Q4", level: S, why: true, expect: "PPPPPP", ..R },
        Row { title: "Complete customer feedback analysis by March 15", level: T, aligned: true, expect: "PHPPPP", ..R },
        Row { title: "Complete customer feedback analysis by March 15", level: T, expect: "PHPHPP", ..R },
        Row { title: "Hire and onboard 3 new sales representatives", level: T, aligned: true, expect: "PPPPHP", ..R },
        Row { title: "Hire and onboard 3 new sales representatives by end of Q1", level: T, aligned: true, expect: "PPPPPP", ..R },
        Row { title: "Conduct 15 customer calls per week", level: O, aligned: true, expect: "PPPPPP", ..R },
        Row { title: "Conduct 15 customer calls per week", level: O, expect: "PPPHPH", ..R },
        Row { title: "Submit weekly project status reports by Friday 5pm", level: O, aligned: true, expect: "PHPPPP", ..R },
        // Vague.
        Row { title: "Improve things", level: S, expect: "HHPHHP", ..R },
        Row { title: "Do better at support", level: S, why: true, expect: "HHPPHH", ..R },
        Row { title: "Do better at support", level: O, aligned: true, expect: "HHPPHP", ..R },
        Row { title: "Be more customer-focused as a team", level: S, expect: "HHPHHP", ..R },
        Row { title: "Improve onboarding", level: T, aligned: true, expect: "HHPPHP", ..R },
        Row { title: "Write stuff for the knowledge base", level: O, aligned: true, expect: "HHPPHP", ..R },
        Row { title: "Grow the business in 2027", level: S, why: true, expect: "PHPPHP", ..R },
        // Decreasing measures, deadlines in and beyond the horizon.
        Row { title: "Reduce first-response time from 4 hours to 1 hour by June", level: S, why: true, expect: "PPPPPP", ..R },
        Row { title: "Expand support coverage to 24 hours a day across three regions by March 2028", level: S, why: true, expect: "PPPPHP", ..R },
        Row { title: "Raise renewal rate from 80% to 90% by end of Q3", level: T, aligned: true, expect: "PPPPHP", ..R },
        Row { title: "Cut the ticket backlog from 300 to 120 by 31 March", level: T, aligned: true, expect: "PPPPPP", ..R },
        Row { title: "Reduce average handle time from 12 minutes to 9 minutes", level: T, aligned: true, due: Some((2026, 3, 31)), expect: "PPPPPP", ..R },
        Row { title: "Reduce average handle time from 12 minutes to 9 minutes", level: T, aligned: true, due: Some((2026, 9, 30)), expect: "PPPPHP", ..R },
        Row { title: "Reduce open tickets older than 7 days from 45 to 20 by 2026-01-31", level: O, aligned: true, expect: "PPPPPP", ..R },
        Row { title: "Reduce open tickets older than 7 days from 45 to 20 by 2026-03-31", level: O, aligned: true, expect: "PPPPHP", ..R },
        Row { title: "Increase trial-to-paid conversion 5% \u{2192} 8% by end of Q1", level: T, aligned: true, expect: "PPPPPP", ..R },
        Row { title: "Help Tom\u{e1}s's team cut refund requests from 40 to 25 by 31 January", level: O, aligned: true, expect: "PPPPPP", ..R },
        Row { title: "Sender reputation: raise email deliverability from 92% to 98% by March", level: T, aligned: true, expect: "PPPPPP", ..R },
        // Activities at each level.
        Row { title: "Hold quarterly renewal calls with every enterprise account", level: S, why: true, due: Some((2026, 12, 31)), expect: "PHPPPH", ..R },
        Row { title: "Conducting quarterly business reviews with the top 20 accounts", level: S, why: true, due: Some((2026, 12, 31)), expect: "PPPPPH", ..R },
        Row { title: "Conduct 40 customer interviews by end of March", level: T, aligned: true, expect: "PPPPPH", ..R },
        Row { title: "Run 3 onboarding workshops for new enterprise customers by 31 March", level: T, aligned: true, expect: "PPPPPH", ..R },
        Row { title: "Send the monthly newsletter to customers", level: T, aligned: true, expect: "PHPPHH", ..R },
        Row { title: "Hold renewal calls with at-risk accounts to raise renewals from 80% to 90% by 31 March", level: T, aligned: true, expect: "PPPPPP", ..R },
        Row { title: "Attend two product training sessions this month", level: O, aligned: true, expect: "PPPPPP", ..R },
        Row { title: "Send follow-up emails to every customer who rated us below 6", level: O, aligned: true, expect: "PPPPHP", ..R },
        Row { title: "Answer every P1 ticket within 30 minutes each day", level: O, aligned: true, expect: "PPPPPP", ..R },
        Row { title: "Make 20 outbound sales calls per day", level: O, expect: "PPPHPH", ..R },
        Row { title: "Schedule 5 customer success reviews per week with renewal accounts", level: O, aligned: true, expect: "PPPPPP", ..R },
        Row { title: "Complete the de-escalation training course by 31 January", level: O, expect: "PHPHPH", ..R },
        Row { title: "Publish 12 help-centre articles on billing by end of March", level: T, why: true, expect: "PPPHPP", ..R },
        // Owner over the method's count.
        Row { title: "Increase customer satisfaction scores from 7.2 to 8.5 by December", level: S, why: true, count: 5, expect: "PPWPPP", ..R },
        Row { title: "Ship the self-service password reset to all customers by 31 March", level: T, aligned: true, count: 8, expect: "PHWPPP", ..R },
        Row { title: "Log every customer call in the CRM the same day", level: O, aligned: true, count: 12, expect: "PHWPHP", ..R },
        Row { title: "Log every customer call in the CRM the same day", level: O, aligned: true, count: 11, expect: "PHPPHP", ..R },
        // Targets far beyond history or the start.
        Row { title: "Grow annual recurring revenue from $1.2M to $5M by December", level: S, why: true, expect: "PPWPPP", ..R },
        Row { title: "Reduce customer churn from 12% to 0.5% by December", level: S, why: true, expect: "PPWPPP", ..R },
        Row { title: "Raise net promoter score from 30 to 45 by end of 2026", level: S, why: true, history: &[5.0, 6.0], expect: "PPWPPP", ..R },
        Row { title: "Raise net promoter score from 30 to 45 by end of 2026", level: S, why: true, history: &[10.0], expect: "PPPPPP", ..R },
        Row { title: "Raise weekly demo bookings for the mid-market team", level: O, aligned: true, measure: Some((4.0, 20.0, false, "demos")), history: &[3.0, 4.0], expect: "PPWPPP", ..R },
        Row { title: "Raise weekly demo bookings for the mid-market team", level: O, aligned: true, measure: Some((4.0, 10.0, false, "demos")), history: &[3.0, 4.0], expect: "PPPPPP", ..R },
        // Structured fields: measure, due date, milestones.
        Row { title: "Lift customer satisfaction for enterprise accounts", level: S, why: true, due: Some((2026, 12, 31)), measure: Some((7.2, 8.5, false, "CSAT")), expect: "PPPPPP", ..R },
        Row { title: "Lower escalations to engineering", level: T, aligned: true, due: Some((2026, 3, 31)), measure: Some((40.0, 2.0, true, "escalations")), expect: "PPWPPP", ..R },
        Row { title: "Move all support tooling to the new helpdesk platform", level: S, why: true, due: Some((2026, 11, 30)), milestones: &[Some((2026, 3, 31)), Some((2026, 6, 30)), Some((2026, 9, 30))], expect: "PPPPPP", ..R },
        Row { title: "Roll out the new escalation process to the support pods", level: T, aligned: true, due: Some((2026, 3, 31)), milestones: &[Some((2026, 2, 15)), None], expect: "PHPPPP", ..R },
        Row { title: "Roll out the new escalation process to the support pods", level: T, aligned: true, due: Some((2026, 1, 5)), expect: "PHPPHP", ..R },
    ];

    fn parent_for(level: GoalLevel) -> Goal {
        match level {
            S | T => Goal {
                title: "Increase customer satisfaction scores from 7.2 to 8.5 by December".into(),
                level: S,
                ..Goal::default()
            },
            O => Goal {
                title: "Raise renewal rate from 80% to 90% by end of Q1".into(),
                level: T,
                ..Goal::default()
            },
        }
    }

    fn goal_of(row: &Row) -> Goal {
        let date = |t: (i32, u32, u32)| d(t.0, t.1, t.2);
        Goal {
            title: row.title.into(),
            level: row.level,
            aligned_to: row.aligned.then(|| "parent".to_string()),
            relevance: if row.why {
                "Satisfied customers renew and refer others.".into()
            } else {
                String::new()
            },
            due: row.due.map(date),
            measure: row.measure.map(|(start, target, down, unit)| Measure {
                unit: unit.into(),
                start,
                target,
                current: start,
                direction: if down { Direction::Down } else { Direction::Up },
            }),
            milestones: row
                .milestones
                .iter()
                .enumerate()
                .map(|(i, due)| Milestone {
                    title: format!("Step {}", i + 1),
                    due: due.map(date),
                    done_on: None,
                })
                .collect(),
            ..Goal::default()
        }
    }

    fn run(goal: &Goal, parent: Option<&Goal>, count: usize, history: &[f64]) -> Vec<LetterCheck> {
        let ctx = Context {
            today: d(TODAY.0, TODAY.1, TODAY.2),
            parent,
            same_level_count: count,
            past_changes: history,
        };
        check(goal, &ctx)
    }

    fn code(checks: &[LetterCheck]) -> String {
        checks
            .iter()
            .map(|c| match c.verdict {
                Verdict::Pass => 'P',
                Verdict::Hint => 'H',
                Verdict::Warning => 'W',
            })
            .collect()
    }

    #[test]
    fn table_of_real_goals() {
        assert!(ROWS.len() >= 40, "only {} rows", ROWS.len());
        let mut failures = vec![];
        for row in ROWS {
            let goal = goal_of(row);
            let parent = parent_for(row.level);
            let checks = run(
                &goal,
                row.aligned.then_some(&parent),
                row.count,
                row.history,
            );
            assert_eq!(checks.len(), 6);
            assert!(checks.iter().zip(Letter::ALL).all(|(c, l)| c.letter == l));
            assert!(checks.iter().all(|c| !c.message.is_empty()));
            let got = code(&checks);
            if got != row.expect {
                let why: Vec<String> = checks
                    .iter()
                    .map(|c| format!("  {}: {}", c.letter.name(), c.message))
                    .collect();
                failures.push(format!(
                    "{:?} ({:?}): expected {}, got {}\n{}",
                    row.title,
                    row.level,
                    row.expect,
                    got,
                    why.join("\n")
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    fn messages(title: &str, level: GoalLevel, aligned: bool, why: bool) -> Vec<LetterCheck> {
        let mut goal = goal_of(&Row {
            level,
            aligned,
            why,
            ..R
        });
        goal.title = title.into();
        let parent = parent_for(level);
        run(&goal, aligned.then_some(&parent), 0, &[])
    }

    #[test]
    fn guide_examples_say_what_they_found() {
        let c = messages(
            "Increase customer satisfaction scores from 7.2 to 8.5 by December",
            S,
            false,
            true,
        );
        assert_eq!(passes(&c), 6);
        assert_eq!(
            c[0].message,
            "Names what changes: \u{201c}Increase customer satisfaction scores\u{201d}."
        );
        assert_eq!(
            c[1].message,
            "Measures customer satisfaction scores: 7.2 \u{2192} 8.5."
        );
        assert_eq!(
            c[3].message,
            "Why it matters: Satisfied customers renew and refer others."
        );
        assert_eq!(
            c[4].message,
            "Due 31 December 2026, within a year: the span of a strategic goal."
        );
        let c = messages("Conduct 15 customer calls per week", O, true, false);
        assert_eq!(c[1].message, "Counts 15 customer calls.");
        assert_eq!(
            c[4].message,
            "Recurs \u{201c}per week\u{201d}: that is its time frame."
        );
        assert!(c[5].message.contains("leading indicator for \u{201c}Raise renewal rate from 80% to 90% by end of Q1\u{201d}"), "{}", c[5].message);
        assert_eq!(c[3].message, "Serves the tactical goal \u{201c}Raise renewal rate from 80% to 90% by end of Q1\u{201d}.");
        // What a measure measures: the words after the last result verb before the numbers.
        let c = messages(
            "Sender reputation: raise email deliverability from 92% to 98% by March",
            T,
            true,
            false,
        );
        assert_eq!(
            c[1].message,
            "Measures email deliverability: 92 \u{2192} 98."
        );
        assert_eq!(c[5].message, "Reads as an outcome rather than an activity.");
        let c = messages(
            "Help Tom\u{e1}s's team cut refund requests from 40 to 25 by 31 January",
            O,
            true,
            false,
        );
        assert_eq!(c[1].message, "Measures refund requests: 40 \u{2192} 25.");
        assert_eq!(
            c[4].message,
            "Due 31 January 2026, within a month or a week: the span of an operational goal."
        );
    }

    #[test]
    fn hints_name_what_is_missing() {
        let c = messages("Do better at support", S, false, false);
        assert!(
            c[0].message
                .starts_with("\u{201c}Do better\u{201d} does not say what will change"),
            "{}",
            c[0].message
        );
        assert!(c[1].message.contains("from 7.2 to 8.5"));
        assert_eq!(
            c[3].message,
            "Say why it matters to the team or the business."
        );
        assert!(
            c[5].message
                .starts_with("\u{201c}Do\u{201d} describes an activity"),
            "{}",
            c[5].message
        );
        let c = messages("Write stuff for the knowledge base", O, false, false);
        assert!(c[0]
            .message
            .starts_with("\u{201c}stuff\u{201d} does not say which"));
        assert_eq!(c[3].message, "Align it to a tactical goal it serves.");
        assert!(c[4].message.starts_with("No time frame"));
        let c = messages(
            "Reduce average handle time from 12 minutes to 9 minutes by 12 September",
            T,
            true,
            false,
        );
        assert_eq!(
            c[4].message,
            "A tactical goal spans a quarter; this deadline is 8 months away: make it strategic or bring the deadline in."
        );
        let c = messages("Hold renewal calls with at-risk accounts to raise renewals from 80% to 90% by 31 March", T, true, false);
        assert_eq!(
            c[5].message,
            "Names the result the activity serves: \u{201c}raise renewals from 80% to 90%\u{201d}."
        );
    }

    #[test]
    fn achievable_warnings_explain() {
        let goal = goal_of(&Row {
            title: "Increase customer satisfaction scores from 7.2 to 8.5 by December",
            level: S,
            why: true,
            ..R
        });
        let c = run(&goal, None, 5, &[]);
        assert_eq!(c[2].verdict, Verdict::Warning);
        assert_eq!(
            c[2].message,
            "The owner already holds 5 strategic goals; the method suggests 3-5, so this makes 6: focus on fewer."
        );
        // A warning still counts as passing the letter.
        assert_eq!(passes(&c), 6);
        let c = run(&goal, None, 4, &[]);
        assert_eq!(
            c[2].message,
            "Within the method's 3-5 strategic goals per owner, and the change looks realistic."
        );
        let c = run(&goal, None, 2, &[0.5]);
        assert_eq!(c[2].verdict, Verdict::Warning);
        assert!(
            c[2].message
                .contains("change of 1.3, more than twice the owner's best so far (0.5)"),
            "{}",
            c[2].message
        );
        // History where the owner never improved falls back to the plain range check.
        assert_eq!(run(&goal, None, 2, &[-1.0, 0.0])[2].verdict, Verdict::Pass);
        let none = goal_of(&Row {
            title: "Move all support tooling to the new helpdesk platform",
            level: S,
            ..R
        });
        assert_eq!(
            run(&none, None, 0, &[1.0])[2].message,
            "Within the method's 3-5 strategic goals per owner."
        );
    }

    #[test]
    fn relevance_needs_a_goal_above() {
        let same = Goal {
            title: "Another tactical goal".into(),
            level: T,
            ..Goal::default()
        };
        let goal = goal_of(&Row {
            title: "Cut the ticket backlog from 300 to 120 by 31 March",
            level: T,
            aligned: true,
            ..R
        });
        let c = run(&goal, Some(&same), 0, &[]);
        assert_eq!(c[3].verdict, Verdict::Hint);
        assert!(
            c[3].message
                .contains("is not above this goal: align it to a strategic goal"),
            "{}",
            c[3].message
        );
        let c = run(&goal, None, 0, &[]);
        assert_eq!(
            c[3].message,
            "The goal it aligned to is gone: align it to a strategic goal it serves."
        );
        // An operational goal may serve a strategic goal directly.
        let top = parent_for(T);
        let op = goal_of(&Row {
            title: "Conduct 15 customer calls per week",
            level: O,
            aligned: true,
            ..R
        });
        assert_eq!(code(&run(&op, Some(&top), 0, &[])), "PPPPPP");
    }

    #[test]
    fn time_bound_respects_the_start() {
        let mut goal = goal_of(&Row {
            title: "Cut the ticket backlog from 300 to 120",
            level: T,
            aligned: true,
            due: Some((2026, 6, 30)),
            ..R
        });
        goal.start = Some(d(2026, 4, 1));
        let parent = parent_for(T);
        assert_eq!(run(&goal, Some(&parent), 0, &[])[4].verdict, Verdict::Pass);
        goal.start = Some(d(2026, 7, 1));
        let c = run(&goal, Some(&parent), 0, &[]);
        assert_eq!(
            c[4].message,
            "The deadline 30 June 2026 is before the start 1 July 2026: pick a later one."
        );
        let weekly = goal_of(&Row {
            title: "Publish 2 help-centre articles per week",
            level: T,
            aligned: true,
            ..R
        });
        assert!(run(&weekly, Some(&parent), 0, &[])[4]
            .message
            .contains("is a cadence, which suits operational goals"));
    }

    #[test]
    fn activity_verbs_match_inflections_but_not_other_words() {
        for (w, base, yes) in [
            ("conducts", "conduct", true),
            ("conducting", "conduct", true),
            ("conducted", "conduct", true),
            ("sender", "send", false),
            ("sending", "send", true),
            ("running", "run", true),
            ("runner", "run", false),
            ("making", "make", true),
            ("organized", "organize", true),
            ("does", "do", true),
            ("done", "do", false),
            ("bed", "be", false),
            ("applies", "apply", true),
            ("meeting", "meet", true),
            ("calls", "call", true),
            ("callback", "call", false),
        ] {
            assert_eq!(inflects(w, base), yes, "{w} / {base}");
        }
    }

    #[test]
    fn measures_in_text() {
        let cases: &[(&str, Option<(f64, f64)>)] = &[
            (
                "Increase customer satisfaction scores from 7.2 to 8.5 by December",
                Some((7.2, 8.5)),
            ),
            ("Cut repeat contacts from 40% to 25%", Some((40.0, 25.0))),
            ("CSAT 7.2 \u{2192} 8.5", Some((7.2, 8.5))),
            ("Conversion 5 % -> 8 %", Some((5.0, 8.0))),
            (
                "Reduce first-response time from 4 hours to 1 hour by June",
                Some((4.0, 1.0)),
            ),
            ("Grow ARR from $1.2M to $5M", Some((1.2, 5.0))),
            (
                "Resolve from 1,250 to 2,000 tickets a month",
                Some((1250.0, 2000.0)),
            ),
            ("Bring the backlog from 45 down to 20", Some((45.0, 20.0))),
            (
                "Reduce open tickets older than 7 days from 45 to 20",
                Some((45.0, 20.0)),
            ),
            ("Run the pilot from 1 March to 15 March", None),
            ("Grow Q3 renewals", None),
            ("Hit the numbers in 2027", None),
            ("Finish the audit by 15 March", None),
            ("Increase NPS to 50", None),
            ("Conduct 15 customer calls per week", None),
            ("Go from good to great", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(measure_in_text(text), *want, "{text}");
        }
    }

    #[test]
    fn dates_and_times_are_not_amounts() {
        let amount_in = |text: &str| first_amount(&tokens(text)).is_some();
        assert!(amount_in("Conduct 15 customer calls per week"));
        assert!(amount_in("Hire 3 new sales representatives"));
        assert!(amount_in("Handle 2000 tickets a month"));
        assert!(amount_in("Keep uptime at 99.9%"));
        assert!(amount_in("Reach zero missed SLAs"));
        assert!(!amount_in("Finish the audit by 15 March"));
        assert!(!amount_in("Finish the audit by March 15th, 2027"));
        assert!(!amount_in("Ship it in Q3 2026"));
        assert!(!amount_in("Grow the business in 2027"));
        assert!(!amount_in("Submit reports by Friday 5pm"));
        assert!(!amount_in("Stand-up at 9:30 am"));
        assert!(!amount_in("Ship the beta in 2 weeks"));
        assert!(!amount_in("Report on 2027-03-31"));
    }

    #[test]
    fn deadlines_in_text() {
        let today = d(2026, 1, 12); // Monday
        let cases: &[(&str, Option<Date>)] = &[
            (
                "Increase CSAT from 7.2 to 8.5 by December",
                Some(d(2026, 12, 31)),
            ),
            ("Finish the audit by 15 March", Some(d(2026, 3, 15))),
            (
                "Complete customer feedback analysis by March 15",
                Some(d(2026, 3, 15)),
            ),
            ("Complete it by March 15th, 2027", Some(d(2027, 3, 15))),
            ("Ship by end of Q3", Some(d(2026, 9, 30))),
            ("Ship by the end of Q1 2027", Some(d(2027, 3, 31))),
            ("Migrate by 2027-03-31", Some(d(2027, 3, 31))),
            ("Launch in June", Some(d(2026, 6, 30))),
            ("Launch by March 2028", Some(d(2028, 3, 31))),
            ("Close the books by end of 2027", Some(d(2027, 12, 31))),
            ("Send it by the end of the month", Some(d(2026, 1, 31))),
            (
                "Publish before the end of the quarter",
                Some(d(2026, 3, 31)),
            ),
            ("Submit weekly reports by Friday 5pm", Some(d(2026, 1, 16))),
            ("Decide on Monday", Some(d(2026, 1, 12))),
            ("Ship the beta in 2 weeks", Some(d(2026, 1, 26))),
            ("Ship the beta in 2 months", Some(d(2026, 3, 12))),
            ("Run the workshop due 1 January", Some(d(2027, 1, 1))),
            ("Conduct 15 customer calls per week", None),
            ("Clear the queue this week", None),
            ("Grow Q3 renewals", None),
            ("Grow revenue by 2027", None),
            ("2027", None),
            ("Finish by 30 February", None),
            ("Migrate by 2026-02-30", None),
            ("Raise NPS by 10 points", None),
            ("Answer within 4 hours", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(deadline_in_text(text, today), *want, "{text}");
        }
        // The next matching date on or after today.
        let late = d(2026, 10, 5);
        assert_eq!(deadline_in_text("by end of Q3", late), Some(d(2027, 9, 30)));
        assert_eq!(deadline_in_text("by 15 March", late), Some(d(2027, 3, 15)));
        assert_eq!(deadline_in_text("by October", late), Some(d(2026, 10, 31)));
        assert_eq!(
            deadline_in_text("by December", d(2026, 12, 31)),
            Some(d(2026, 12, 31))
        );
    }

    #[test]
    fn unicode_and_case() {
        let toks = tokens("Help Tom\u{e1}s's team: \u{c9}LAN 5%\u{2192}8%");
        let words: Vec<&str> = toks.iter().filter_map(Tok::word).collect();
        // Only ASCII letters are folded: every keyword is ASCII, and Rust's Unicode case
        // tables would cost the bundle about 6 KB brotli.
        assert_eq!(words, ["help", "tom\u{e1}s's", "team", "\u{c9}lan"]);
        assert_eq!(
            measure_in_text("Help Tom\u{e1}s's team: \u{c9}LAN 5%\u{2192}8%"),
            Some((5.0, 8.0))
        );
        assert_eq!(
            code(&messages(
                "CONDUCT 15 CUSTOMER CALLS PER WEEK",
                O,
                true,
                false
            )),
            "PPPPPP"
        );
        assert_eq!(
            code(&messages(
                "conduct 15 customer calls per week",
                T,
                true,
                false
            )),
            "PPPPHH"
        );
    }

    #[test]
    fn letters() {
        let initials: String = Letter::ALL.iter().map(|l| l.initial()).collect();
        assert_eq!(initials, "SMARTR");
        let keys: Vec<&str> = Letter::ALL.iter().map(|l| l.key()).collect();
        assert_eq!(
            keys,
            [
                "specific",
                "measurable",
                "achievable",
                "relevant",
                "time_bound",
                "results"
            ]
        );
        assert_eq!(Letter::TimeBound.name(), "Time-bound");
        assert_eq!(Letter::Results.name(), "Results-focused");
        assert!(Letter::ALL
            .iter()
            .all(|l| !l.prompt().is_empty() && !l.example().is_empty()));
        assert_eq!(
            Letter::Measurable.example(),
            "from 7.2 to 8.5 on the quarterly survey"
        );
        let c = messages("Improve things", S, false, false);
        assert_eq!(passes(&c), 2);
    }
}
