//! Field-level validation results shared by every form.
use super::dates::Date;

/// A problem with one field of a form, shown next to that field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The field's machine name, e.g. `name`; forms look their messages up by it.
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

/// The message for `field`, if any.
pub fn message_for(errors: &[FieldError], field: &str) -> Option<String> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.message.clone())
}

/// A required single-line text: trimmed, not empty, at most `max` characters.
pub fn required_text(
    field: &'static str,
    label: &str,
    value: &str,
    max: usize,
    out: &mut Vec<FieldError>,
) {
    let v = value.trim();
    if v.is_empty() {
        out.push(FieldError::new(field, format!("{label} is required.")));
    } else {
        max_len(field, label, v, max, out);
    }
}

/// An optional text of at most `max` characters.
pub fn max_len(
    field: &'static str,
    label: &str,
    value: &str,
    max: usize,
    out: &mut Vec<FieldError>,
) {
    let n = value.trim().chars().count();
    if n > max {
        out.push(FieldError::new(
            field,
            format!("{label} is too long: {n} characters, at most {max}."),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_and_length() {
        let mut e = vec![];
        required_text("name", "Name", "   ", 10, &mut e);
        assert_eq!(
            message_for(&e, "name").as_deref(),
            Some("Name is required.")
        );
        let mut e = vec![];
        required_text("name", "Name", "Ada Lovelace the Second", 10, &mut e);
        assert!(message_for(&e, "name").unwrap().contains("at most 10"));
        let mut e = vec![];
        required_text("name", "Name", "  Ada  ", 10, &mut e);
        assert!(e.is_empty());
        assert_eq!(message_for(&e, "name"), None);
    }
}

/// A day that may not come after `today`: what has happened (a rating, a review, a tick) is
/// dated today or earlier. `today` None: stored data, checked without a clock; no day passes.
pub fn not_after_today(
    field: &'static str,
    day: Option<Date>,
    today: Option<Date>,
    message: &str,
    out: &mut Vec<FieldError>,
) {
    if today.is_some_and(|t| day.is_some_and(|d| d > t)) {
        out.push(FieldError::new(field, message));
    }
}
