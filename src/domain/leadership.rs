//! The manager's own development plan in performance management (method 8.2): a
//! self-assessment on six skills, set beside evidence computed from how the system is used,
//! and learning actions with dates. The manager's alone (scope `manager`).
use serde::{Deserialize, Serialize};

use super::dates::Date;
use super::health::{mean_score, Measure, Tier, HEALTHY_SCORE, WATCH_SCORE};
use super::scope::{Scope, Scoped};
use super::validate::{max_len, not_after_today, required_text, FieldError};

/// A note or a learning action, at most.
pub const TEXT_MAX: usize = 300;
/// A learning action is due within a year.
pub const ACTION_DAYS_MAX: i64 = 365;
/// Recognition's share of recognition and corrective together, healthy from and watch from.
pub const BALANCE_HEALTHY: f64 = 0.75;
pub const BALANCE_WATCH: f64 = 0.6;

/// The six management skills the method names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Skill {
    Coaching,
    Feedback,
    Goals,
    OneOnOnes,
    Recognition,
    Underperformance,
}

impl Skill {
    pub const ALL: [Skill; 6] = [
        Skill::Coaching,
        Skill::Feedback,
        Skill::Goals,
        Skill::OneOnOnes,
        Skill::Recognition,
        Skill::Underperformance,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Skill::Coaching => "coaching",
            Skill::Feedback => "feedback",
            Skill::Goals => "goals",
            Skill::OneOnOnes => "one_on_ones",
            Skill::Recognition => "recognition",
            Skill::Underperformance => "underperformance",
        }
    }

    pub fn from_key(k: &str) -> Option<Skill> {
        Skill::ALL.into_iter().find(|s| s.key() == k)
    }

    pub fn label(self) -> &'static str {
        match self {
            Skill::Coaching => "Coaching",
            Skill::Feedback => "Giving feedback",
            Skill::Goals => "Setting goals",
            Skill::OneOnOnes => "Running 1:1s",
            Skill::Recognition => "Recognition",
            Skill::Underperformance => "Handling underperformance",
        }
    }

    /// What doing it well looks like, in our words.
    pub fn good(self) -> &'static str {
        match self {
            Skill::Coaching => "Asks before telling; people leave a 1:1 with their own next step and grow into stretch work.",
            Skill::Feedback => "Says what was seen and its effect soon after, agrees a follow-up, and holds it.",
            Skill::Goals => "Writes goals that pass SMART-R, each aligned to one above, set together with the person.",
            Skill::OneOnOnes => "Holds every 1:1 on its rhythm, lets the person lead, and records the actions.",
            Skill::Recognition => "Recognises specific contributions often, across the whole team, not only the visible few.",
            Skill::Underperformance => "Names a gap early, finds its cause, offers support first and keeps standards current.",
        }
    }

    /// The team-health measures that show it (`health::Measure::key`).
    pub fn measures(self) -> &'static [&'static str] {
        match self {
            Skill::Coaching => &["confidence", "stretch", "critical_skills"],
            Skill::Feedback => &["follow_ups", "peer"],
            Skill::Goals => &["aligned", "strategic_measured"],
            Skill::OneOnOnes => &["on_time", "reviews"],
            Skill::Recognition => &["recognition", "wins"],
            Skill::Underperformance => &["ratings", "follow_ups"],
        }
    }
}

/// The self-assessment's five levels.
pub const LEVELS: [&str; 5] = [
    "New to it",
    "Learning",
    "Doing it",
    "Doing it well",
    "Could teach it",
];

/// One self-assessment: a level (1-5, 0 = not rated) per skill in `Skill::ALL` order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelfAssessment {
    pub on: Date,
    pub levels: Vec<u8>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl Scoped for SelfAssessment {
    fn default_scope(&self) -> Scope {
        Scope::Manager
    }
}

impl Scoped for LearningAction {
    fn default_scope(&self) -> Scope {
        Scope::Manager
    }
}

impl SelfAssessment {
    pub fn level(&self, s: Skill) -> u8 {
        let i = Skill::ALL.iter().position(|x| *x == s).unwrap_or(0);
        self.levels.get(i).copied().unwrap_or(0)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LearningAction {
    pub skill: String,
    pub text: String,
    pub due: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done: Option<Date>,
}

/// The plan: every self-assessment (oldest first) and the learning actions. Each is stored as
/// a record of its own (kinds `leader_assessment` and `learning_action`), so adding one writes
/// only it; the first version stored the whole plan as one record (kind `leader_plan`), which
/// the store lifts apart when it reads it (see `store::repo::lift_children`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaderPlan {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assessments: Vec<SelfAssessment>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<LearningAction>,
}

impl Scoped for LeaderPlan {
    fn default_scope(&self) -> Scope {
        Scope::Manager
    }
}

impl LeaderPlan {
    pub fn latest(&self) -> Option<&SelfAssessment> {
        self.assessments.last()
    }

    pub fn problems(&self, today: Option<Date>) -> Vec<FieldError> {
        let mut out = vec![];
        for a in &self.assessments {
            out.extend(assessment_problems(a, today));
        }
        for a in &self.actions {
            out.extend(action_problems(a, None, today));
        }
        out
    }
}

pub fn assessment_problems(a: &SelfAssessment, today: Option<Date>) -> Vec<FieldError> {
    let mut out = vec![];
    if a.levels.len() != Skill::ALL.len() || a.levels.iter().any(|l| *l > 5) {
        out.push(FieldError::new(
            "levels",
            "Each skill is rated from 1 to 5.",
        ));
    } else if a.levels.iter().all(|l| *l == 0) {
        out.push(FieldError::new("levels", "Rate at least one skill."));
    }
    not_after_today(
        "on",
        Some(a.on),
        today,
        "A self-assessment is dated today or earlier.",
        &mut out,
    );
    max_len("note", "The note", &a.note, TEXT_MAX, &mut out);
    out
}

/// A learning action's problems; `added` is the day it is being added (its due day must come
/// after it, within a year).
pub fn action_problems(
    a: &LearningAction,
    added: Option<Date>,
    today: Option<Date>,
) -> Vec<FieldError> {
    let mut out = vec![];
    if Skill::from_key(&a.skill).is_none() {
        out.push(FieldError::new("skill", "Choose the skill it builds."));
    }
    required_text("text", "The learning action", &a.text, TEXT_MAX, &mut out);
    if let Some(day) = added {
        let n = day.days_until(a.due);
        if n < 1 {
            out.push(FieldError::new("due", "Give it a day after today."));
        } else if n > ACTION_DAYS_MAX {
            out.push(FieldError::new(
                "due",
                "Make it due within a year: split a longer aim into steps.",
            ));
        }
    }
    not_after_today(
        "done",
        a.done,
        today,
        "Mark it done today or earlier.",
        &mut out,
    );
    out
}

/// What the records say about one skill.
#[derive(Clone, Debug, PartialEq)]
pub struct Evidence {
    pub skill: Skill,
    /// 0-100, as team-health scores are made; None when nothing is measured yet.
    pub score: Option<u8>,
    pub measures: Vec<Measure>,
}

/// The SMART-R letters the team's active goals pass: (sum of passes, goals).
pub fn smart_measure(passes: usize, goals: usize) -> Measure {
    Measure {
        key: "smart_r",
        tier: Tier::Strategic,
        name: "SMART-R letters the active goals pass",
        value: (goals > 0).then(|| passes as f64 / (goals * 6) as f64),
        healthy_at: 5.0 / 6.0,
        watch_at: 4.0 / 6.0,
        detail: if goals == 0 {
            "No active goals yet".into()
        } else {
            format!(
                "{:.1} of 6 on average over {goals} active goals",
                passes as f64 / goals as f64
            )
        },
    }
}

/// Recognition against corrective conversations over 90 days.
pub fn balance_measure(recognition: usize, corrective: usize) -> Measure {
    let all = recognition + corrective;
    Measure {
        key: "balance",
        tier: Tier::Culture,
        name: "Recognition against corrective feedback (90 days)",
        value: (all > 0).then(|| recognition as f64 / all as f64),
        healthy_at: BALANCE_HEALTHY,
        watch_at: BALANCE_WATCH,
        detail: format!("{recognition} recognitions, {corrective} corrective"),
    }
}

/// Each skill's evidence: the team-health measures that show it, plus `extra` measures
/// (`smart_measure` for goal setting, `balance_measure` for feedback and recognition).
pub fn evidence(health: &[Measure], smart: &Measure, balance: &Measure) -> Vec<Evidence> {
    Skill::ALL
        .into_iter()
        .map(|skill| {
            let mut ms: Vec<Measure> = skill
                .measures()
                .iter()
                .filter_map(|k| health.iter().find(|m| m.key == *k).cloned())
                .collect();
            match skill {
                Skill::Goals => ms.push(smart.clone()),
                Skill::Feedback | Skill::Recognition => ms.push(balance.clone()),
                _ => {}
            }
            Evidence {
                skill,
                score: mean_score(ms.iter()),
                measures: ms,
            }
        })
        .collect()
}

/// How a self-rating sits beside the evidence, when the two disagree.
pub fn reading(level: u8, score: Option<u8>) -> Option<&'static str> {
    let s = score?;
    if level >= 4 && s < WATCH_SCORE {
        Some("You rate this high and the records are weak: ask the team how it looks from their side.")
    } else if (1..=2).contains(&level) && s >= HEALTHY_SCORE {
        Some("The records are better than your rating: note what already works and keep it.")
    } else {
        None
    }
}

/// The skills to work on first: those with the lowest of the self-rating (as 20 per level) and
/// the evidence, at most `n`, skipping skills that already have an open learning action.
pub fn focus(plan: &LeaderPlan, ev: &[Evidence], n: usize) -> Vec<Skill> {
    let mut ranked: Vec<(u8, Skill)> = ev
        .iter()
        .filter(|e| {
            !plan
                .actions
                .iter()
                .any(|a| a.done.is_none() && a.skill == e.skill.key())
        })
        .filter_map(|e| {
            let own = plan
                .latest()
                .map(|a| a.level(e.skill))
                .filter(|l| *l > 0)
                .map(|l| l * 20);
            let low = match (own, e.score) {
                (Some(a), Some(b)) => a.min(b),
                (a, b) => a.or(b)?,
            };
            (low < HEALTHY_SCORE).then_some((low, e.skill))
        })
        .collect();
    ranked.sort_by_key(|(low, _)| *low);
    ranked.into_iter().take(n).map(|(_, s)| s).collect()
}

/// The demo manager's plan: a self-assessment a month ago and two learning actions, one done.
pub fn demo(today: Date) -> LeaderPlan {
    LeaderPlan {
        assessments: vec![SelfAssessment {
            on: today.add_days(-30),
            levels: vec![3, 4, 4, 5, 3, 2],
            note: "Confident in the 1:1s; least practised at naming a gap early.".into(),
        }],
        actions: vec![
            LearningAction {
                skill: Skill::Recognition.key().into(),
                text: "Recognise one person I have not recognised this month, every Friday.".into(),
                due: today.add_days(-2),
                done: Some(today.add_days(-4)),
            },
            LearningAction {
                skill: Skill::Underperformance.key().into(),
                text: "Rehearse a corrective conversation with a peer manager, using the guide's steps.".into(),
                due: today.add_days(21),
                done: None,
            },
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> Date {
        Date::from_ymd(2026, m, day).unwrap()
    }

    fn m(key: &'static str, value: Option<f64>) -> Measure {
        Measure {
            key,
            tier: Tier::Operational,
            name: key,
            value,
            healthy_at: 0.9,
            watch_at: 0.7,
            detail: String::new(),
        }
    }

    fn health() -> Vec<Measure> {
        vec![
            m("on_time", Some(0.45)),
            m("reviews", Some(0.9)),
            m("follow_ups", Some(0.9)),
            m("peer", None),
            m("recognition", Some(0.9)),
            m("wins", Some(0.9)),
        ]
    }

    #[test]
    fn evidence_reads_each_skills_measures_and_the_extra_ones() {
        let ev = evidence(&health(), &smart_measure(50, 10), &balance_measure(9, 3));
        let one = ev.iter().find(|e| e.skill == Skill::OneOnOnes).unwrap();
        // 0.45 of a 0.9 line is 50; 0.9 is 100: a mean of 75.
        assert_eq!(one.score, Some(75));
        assert_eq!(one.measures.len(), 2);
        let goals = ev.iter().find(|e| e.skill == Skill::Goals).unwrap();
        // Only SMART-R: 5 of 6 on average is its healthy line.
        assert_eq!(goals.score, Some(100));
        assert_eq!(
            goals.measures[0].detail,
            "5.0 of 6 on average over 10 active goals"
        );
        let feedback = ev.iter().find(|e| e.skill == Skill::Feedback).unwrap();
        // follow_ups 100, peer unmeasured, balance 0.75 = healthy: 100.
        assert_eq!(feedback.score, Some(100));
        assert_eq!(
            ev.iter()
                .find(|e| e.skill == Skill::Coaching)
                .unwrap()
                .score,
            None
        );
    }

    #[test]
    fn the_demo_plan_is_valid() {
        let today = d(12, 3);
        assert!(demo(today).problems(Some(today)).is_empty());
    }

    #[test]
    fn no_goals_and_no_feedback_are_unmeasured() {
        assert_eq!(smart_measure(0, 0).value, None);
        assert_eq!(balance_measure(0, 0).value, None);
        assert_eq!(balance_measure(1, 3).value, Some(0.25));
    }

    #[test]
    fn a_rating_far_from_the_records_is_pointed_out() {
        assert!(reading(5, Some(40))
            .unwrap()
            .starts_with("You rate this high"));
        assert!(reading(2, Some(95))
            .unwrap()
            .starts_with("The records are better"));
        assert_eq!(reading(3, Some(40)), None);
        assert_eq!(reading(5, None), None);
        assert_eq!(reading(0, Some(95)), None);
    }

    fn plan(levels: Vec<u8>) -> LeaderPlan {
        LeaderPlan {
            assessments: vec![SelfAssessment {
                on: d(11, 1),
                levels,
                note: String::new(),
            }],
            actions: vec![],
        }
    }

    #[test]
    fn focus_takes_the_lowest_of_rating_and_records_and_skips_what_has_an_action() {
        let ev = evidence(&health(), &smart_measure(50, 10), &balance_measure(9, 3));
        // Coaching rated 1 (20), 1:1s rated 5 but the records say 75.
        let mut p = plan(vec![1, 4, 4, 5, 5, 4]);
        assert_eq!(focus(&p, &ev, 2), vec![Skill::Coaching, Skill::OneOnOnes]);
        p.actions.push(LearningAction {
            skill: "coaching".into(),
            text: "Read a book on coaching questions".into(),
            due: d(12, 1),
            done: None,
        });
        assert_eq!(focus(&p, &ev, 2), vec![Skill::OneOnOnes]);
        p.actions[0].done = Some(d(11, 20));
        assert_eq!(focus(&p, &ev, 1), vec![Skill::Coaching]);
    }

    #[test]
    fn an_assessment_rates_at_least_one_skill_from_1_to_5() {
        let p = plan(vec![0; 6]);
        assert_eq!(
            assessment_problems(&p.assessments[0], None)[0].message,
            "Rate at least one skill."
        );
        let p = plan(vec![6, 1, 1, 1, 1, 1]);
        assert_eq!(
            assessment_problems(&p.assessments[0], None)[0].field,
            "levels"
        );
        let p = plan(vec![3, 0, 0, 0, 0, 0]);
        assert!(p.problems(Some(d(11, 1))).is_empty());
        assert_eq!(p.problems(Some(d(10, 31)))[0].field, "on");
        assert_eq!(p.latest().unwrap().level(Skill::Coaching), 3);
        assert_eq!(p.latest().unwrap().level(Skill::Goals), 0);
    }

    #[test]
    fn a_learning_action_names_its_skill_and_a_day_within_a_year() {
        let mut a = LearningAction {
            skill: "nope".into(),
            text: " ".into(),
            due: d(11, 1),
            done: None,
        };
        let f: Vec<_> = action_problems(&a, Some(d(11, 1)), None)
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(f, vec!["skill", "text", "due"]);
        a.skill = "feedback".into();
        a.text = "Ask two people how my feedback lands".into();
        a.due = d(11, 1).add_days(366);
        assert_eq!(action_problems(&a, Some(d(11, 1)), None)[0].field, "due");
        a.due = d(12, 15);
        assert!(action_problems(&a, Some(d(11, 1)), None).is_empty());
        a.done = Some(d(12, 2));
        assert_eq!(action_problems(&a, None, Some(d(12, 1)))[0].field, "done");
    }
}
