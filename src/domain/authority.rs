//! The authority and accountability matrix: decision areas by people, each cell one of decide /
//! decide and inform / recommend / escalate; spending limits per person; escalation rules (what
//! triggers it, to whom, how fast); and the "who decides?" lookup for an area and an amount.
use super::validate::{max_len, required_text, FieldError};
use serde::{Deserialize, Serialize};

pub const NAME_MAX: usize = 120;
pub const TEXT_MAX: usize = 600;
/// Who an escalation goes to when it is the manager (the app's user, not a person record).
pub const MANAGER: &str = "manager";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Authority {
    Decide,
    DecideInform,
    Recommend,
    Escalate,
}

impl Authority {
    pub const ALL: [Authority; 4] = [
        Authority::Decide,
        Authority::DecideInform,
        Authority::Recommend,
        Authority::Escalate,
    ];
    pub fn key(self) -> &'static str {
        match self {
            Authority::Decide => "decide",
            Authority::DecideInform => "decide_inform",
            Authority::Recommend => "recommend",
            Authority::Escalate => "escalate",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Authority::Decide => "Decide",
            Authority::DecideInform => "Decide and inform",
            Authority::Recommend => "Recommend",
            Authority::Escalate => "Escalate",
        }
    }
    pub fn from_key(key: &str) -> Option<Authority> {
        Authority::ALL.into_iter().find(|a| a.key() == key)
    }
    fn decides(self) -> bool {
        matches!(self, Authority::Decide | Authority::DecideInform)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionArea {
    pub name: String,
    /// (person id, their authority); people without a cell have no say.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cells: Vec<(String, Authority)>,
    /// What good looks like for decisions here.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub quality: String,
    /// How fast decisions here are expected.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub timeline: String,
}

impl DecisionArea {
    pub fn authority_of(&self, person: &str) -> Option<Authority> {
        self.cells
            .iter()
            .find(|(p, _)| p == person)
            .map(|(_, a)| *a)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscalationRule {
    /// The decision area it applies to; empty: any area.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub area: String,
    /// What triggers it ("a refund above your limit").
    pub trigger: String,
    /// A person id, or `MANAGER`.
    pub to: String,
    /// How fast, in working hours.
    pub within_hours: u32,
}

/// The team's matrix: one record.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorityMatrix {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<DecisionArea>,
    /// Spending limits, whole currency units per decision: (person id, amount).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub limits: Vec<(String, u64)>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<EscalationRule>,
}

/// A spending limit as typed: a positive whole amount ("1500", "1,500", "£1,500").
pub fn parse_limit(text: &str) -> Result<u64, FieldError> {
    let bad = || {
        FieldError::new(
            "limit",
            "A spending limit is a positive whole amount, e.g. 1500.",
        )
    };
    let t = text.trim().trim_start_matches(['£', '$', '€']);
    if t.is_empty() || t.starts_with('-') {
        return Err(bad());
    }
    let digits: String = t.chars().filter(|c| *c != ',' && *c != ' ').collect();
    match digits.parse::<u64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(bad()),
    }
}

impl AuthorityMatrix {
    pub fn area(&self, name: &str) -> Option<&DecisionArea> {
        self.areas
            .iter()
            .find(|a| a.name.trim().eq_ignore_ascii_case(name.trim()))
    }

    pub fn limit_of(&self, person: &str) -> Option<u64> {
        self.limits
            .iter()
            .find(|(p, _)| p == person)
            .map(|(_, l)| *l)
    }

    /// What is wrong with a new area before it is added.
    pub fn area_problems(&self, area: &DecisionArea) -> Vec<FieldError> {
        let mut out = vec![];
        required_text(
            "area_name",
            "The decision area",
            &area.name,
            NAME_MAX,
            &mut out,
        );
        if out.is_empty() && self.area(&area.name).is_some() {
            out.push(FieldError::new(
                "area_name",
                "There is already an area with this name.",
            ));
        }
        max_len(
            "quality",
            "Quality expectation",
            &area.quality,
            TEXT_MAX,
            &mut out,
        );
        max_len(
            "timeline",
            "Timeline expectation",
            &area.timeline,
            TEXT_MAX,
            &mut out,
        );
        out
    }

    /// What is wrong with a new escalation rule before it is added.
    pub fn rule_problems(&self, rule: &EscalationRule) -> Vec<FieldError> {
        let mut out = vec![];
        required_text(
            "trigger",
            "What triggers it",
            &rule.trigger,
            TEXT_MAX,
            &mut out,
        );
        if rule.to.is_empty() {
            out.push(FieldError::new(
                "to",
                "Choose who it goes to: an escalation needs a target.",
            ));
        }
        if rule.within_hours == 0 {
            out.push(FieldError::new(
                "within_hours",
                "Say how fast, in hours (1 or more).",
            ));
        }
        if !rule.area.is_empty() && self.area(&rule.area).is_none() {
            out.push(FieldError::new(
                "rule_area",
                "No decision area has this name.",
            ));
        }
        out
    }

    /// What is wrong with a stored or imported matrix.
    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = vec![];
        for (i, a) in self.areas.iter().enumerate() {
            required_text(
                "area_name",
                "The decision area",
                &a.name,
                NAME_MAX,
                &mut out,
            );
            if self.areas[..i]
                .iter()
                .any(|b| b.name.trim().eq_ignore_ascii_case(a.name.trim()))
            {
                out.push(FieldError::new(
                    "area_name",
                    format!("Two areas are named “{}”.", a.name),
                ));
            }
        }
        if self.limits.iter().any(|(_, l)| *l == 0) {
            out.push(FieldError::new(
                "limit",
                "A spending limit is a positive amount.",
            ));
        }
        for r in &self.rules {
            let mut rest = self.clone();
            rest.rules.clear();
            out.extend(rest.rule_problems(r));
        }
        out
    }

    /// The escalation rule for `area`: its own, else one for any area.
    pub fn rule_for(&self, area: &str) -> Option<&EscalationRule> {
        let own = self
            .rules
            .iter()
            .find(|r| r.area.eq_ignore_ascii_case(area.trim()));
        own.or_else(|| self.rules.iter().find(|r| r.area.is_empty()))
    }

    /// Who decides in `area`, for `amount` (None: no money involved).
    pub fn who_decides(&self, area: &str, amount: Option<u64>) -> Answer {
        let Some(a) = self.area(area) else {
            return Answer::UnknownArea;
        };
        let may_spend = |p: &str| match (amount, self.limit_of(p)) {
            (None, _) | (Some(0), _) => true,
            (Some(x), Some(limit)) => x <= limit,
            // Without a limit, someone may decide but not spend.
            (Some(_), None) => false,
        };
        let deciders: Vec<(String, Authority)> = a
            .cells
            .iter()
            .filter(|(p, auth)| auth.decides() && may_spend(p))
            .cloned()
            .collect();
        if !deciders.is_empty() {
            return Answer::Decide(deciders);
        }
        let over_limit = amount.is_some() && a.cells.iter().any(|(_, auth)| auth.decides());
        match self.rule_for(&a.name) {
            Some(r) => Answer::Escalate {
                to: r.to.clone(),
                within_hours: Some(r.within_hours),
                trigger: r.trigger.clone(),
                over_limit,
            },
            None => Answer::Escalate {
                to: MANAGER.into(),
                within_hours: None,
                trigger: String::new(),
                over_limit,
            },
        }
    }
}

/// The answer to "who decides?".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// They may decide (within their limits); `DecideInform` means they tell the manager after.
    Decide(Vec<(String, Authority)>),
    /// Nobody may decide this here: it goes to `to` (a person id or `MANAGER`), within so many
    /// hours when a rule says. `over_limit`: someone could decide, but not this amount.
    Escalate {
        to: String,
        within_hours: Option<u32>,
        trigger: String,
        over_limit: bool,
    },
    UnknownArea,
}

impl Answer {
    /// The answer in words, with names from `name_of` (person id → name).
    pub fn text(&self, name_of: &dyn Fn(&str) -> String) -> String {
        let who = |p: &str| {
            if p == MANAGER {
                "the manager".to_string()
            } else {
                name_of(p)
            }
        };
        match self {
            Answer::UnknownArea => "There is no such decision area in the matrix.".into(),
            Answer::Decide(list) => {
                let parts: Vec<String> = list
                    .iter()
                    .map(|(p, a)| match a {
                        Authority::DecideInform => format!("{} (and informs the manager)", who(p)),
                        _ => who(p),
                    })
                    .collect();
                format!("Decides: {}.", parts.join(", "))
            }
            Answer::Escalate {
                to,
                within_hours,
                trigger,
                over_limit,
            } => {
                let mut s = String::new();
                if *over_limit {
                    s.push_str("Above everyone's spending limit in this area. ");
                }
                s.push_str(&format!("Escalate to {}", who(to)));
                if let Some(h) = within_hours {
                    s.push_str(&format!(
                        " within {h} hour{}",
                        if *h == 1 { "" } else { "s" }
                    ));
                }
                s.push('.');
                if !trigger.is_empty() {
                    s.push_str(&format!(" Rule: {trigger}."));
                }
                s
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matrix() -> AuthorityMatrix {
        use Authority::*;
        AuthorityMatrix {
            areas: vec![
                DecisionArea {
                    name: "Customer refunds".into(),
                    cells: vec![
                        ("maya".into(), Decide),
                        ("dev".into(), DecideInform),
                        ("sam".into(), Recommend),
                    ],
                    quality: "Documented in the ticket".into(),
                    timeline: "Same day".into(),
                },
                DecisionArea {
                    name: "Help-centre content".into(),
                    cells: vec![("sam".into(), Decide)],
                    ..DecisionArea {
                        name: String::new(),
                        cells: vec![],
                        quality: String::new(),
                        timeline: String::new(),
                    }
                },
                DecisionArea {
                    name: "Pricing exceptions".into(),
                    cells: vec![("maya".into(), Recommend)],
                    quality: String::new(),
                    timeline: String::new(),
                },
            ],
            limits: vec![("maya".into(), 2000), ("dev".into(), 500)],
            rules: vec![
                EscalationRule {
                    area: "Customer refunds".into(),
                    trigger: "A refund above your limit".into(),
                    to: MANAGER.into(),
                    within_hours: 4,
                },
                EscalationRule {
                    area: String::new(),
                    trigger: "Anything not in the matrix".into(),
                    to: "maya".into(),
                    within_hours: 24,
                },
            ],
        }
    }

    #[test]
    fn who_decides_follows_cells_and_spending_limits() {
        let m = matrix();
        use Authority::*;
        assert_eq!(
            m.who_decides("customer refunds", None),
            Answer::Decide(vec![("maya".into(), Decide), ("dev".into(), DecideInform)])
        );
        assert_eq!(
            m.who_decides("Customer refunds", Some(500)),
            Answer::Decide(vec![("maya".into(), Decide), ("dev".into(), DecideInform)])
        );
        assert_eq!(
            m.who_decides("Customer refunds", Some(501)),
            Answer::Decide(vec![("maya".into(), Decide)])
        );
        assert_eq!(
            m.who_decides("Customer refunds", Some(2000)),
            Answer::Decide(vec![("maya".into(), Decide)])
        );
        // Above every limit: the area's own rule.
        let over = m.who_decides("Customer refunds", Some(2001));
        assert_eq!(
            over,
            Answer::Escalate {
                to: MANAGER.into(),
                within_hours: Some(4),
                trigger: "A refund above your limit".into(),
                over_limit: true
            }
        );
        assert_eq!(
            over.text(&|p| p.to_uppercase()),
            "Above everyone's spending limit in this area. Escalate to the manager within 4 hours. Rule: A refund above your limit."
        );
        // Someone with no spending limit decides what costs nothing, not what costs money.
        assert_eq!(
            m.who_decides("Help-centre content", None),
            Answer::Decide(vec![("sam".into(), Decide)])
        );
        let paid = m.who_decides("Help-centre content", Some(100));
        assert!(
            matches!(&paid, Answer::Escalate { to, within_hours: Some(24), over_limit: true, .. } if to == "maya")
        );
        // Only a recommender: the general rule, not "over limit".
        let rec = m.who_decides("Pricing exceptions", None);
        assert!(matches!(&rec, Answer::Escalate { to, over_limit: false, .. } if to == "maya"));
        assert_eq!(
            rec.text(&|_| "Maya".into()),
            "Escalate to Maya within 24 hours. Rule: Anything not in the matrix."
        );
        assert_eq!(m.who_decides("Nope", None), Answer::UnknownArea);
        // No rules at all: the manager.
        let bare = AuthorityMatrix {
            rules: vec![],
            ..matrix()
        };
        assert_eq!(
            bare.who_decides("Pricing exceptions", None)
                .text(&|_| String::new()),
            "Escalate to the manager."
        );
        assert_eq!(
            Answer::Decide(vec![("dev".into(), DecideInform)]).text(&|_| "Dev".into()),
            "Decides: Dev (and informs the manager)."
        );
    }

    #[test]
    fn limits_rules_and_areas_refuse_bad_input() {
        assert_eq!(parse_limit("1500"), Ok(1500));
        assert_eq!(parse_limit(" £1,500 "), Ok(1500));
        for bad in ["", "0", "-50", "abc", "12.50", "1e3"] {
            assert_eq!(parse_limit(bad).unwrap_err().field, "limit", "{bad:?}");
        }
        let m = matrix();
        let rule = |to: &str, hours| EscalationRule {
            area: String::new(),
            trigger: "Legal threat".into(),
            to: to.into(),
            within_hours: hours,
        };
        assert!(m.rule_problems(&rule("maya", 2)).is_empty());
        assert_eq!(m.rule_problems(&rule("", 2))[0].field, "to");
        assert_eq!(m.rule_problems(&rule("maya", 0))[0].field, "within_hours");
        let elsewhere = EscalationRule {
            area: "Payroll".into(),
            ..rule("maya", 2)
        };
        assert_eq!(m.rule_problems(&elsewhere)[0].field, "rule_area");
        let dup = DecisionArea {
            name: " customer REFUNDS ".into(),
            cells: vec![],
            quality: String::new(),
            timeline: String::new(),
        };
        assert_eq!(
            m.area_problems(&dup)[0].message,
            "There is already an area with this name."
        );
        let empty = DecisionArea {
            name: " ".into(),
            ..dup
        };
        assert_eq!(m.area_problems(&empty)[0].field, "area_name");
        assert!(m.problems().is_empty());
        let broken = AuthorityMatrix {
            limits: vec![("x".into(), 0)],
            rules: vec![rule("", 1)],
            ..m
        };
        let fields: Vec<_> = broken.problems().iter().map(|e| e.field).collect();
        assert_eq!(fields, ["limit", "to"]);
    }
}
