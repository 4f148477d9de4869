//! STUB until the checker lands: the five steps of corrective feedback, checked.
use super::dates::Date;
use super::validate::FieldError;

pub struct Steps<'a> {
    pub observation: &'a str,
    pub impact: &'a str,
    pub expectation: &'a str,
    pub support: &'a str,
    pub follow_up: Option<Date>,
}

pub fn problems(s: &Steps, today: Date) -> Vec<FieldError> {
    let mut out = vec![];
    for (f, v) in [
        ("observation", s.observation),
        ("impact", s.impact),
        ("expectation", s.expectation),
        ("support", s.support),
    ] {
        if v.trim().is_empty() {
            out.push(FieldError::new(f, "This step is required."));
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
        _ => {}
    }
    out
}

pub fn hints(s: &Steps, _today: Date) -> Vec<FieldError> {
    let mut out = vec![];
    if s.observation.contains("always") {
        out.push(FieldError::new(
            "observation",
            "“always” is easy to dispute.",
        ));
    }
    out
}
