//! The demo team: a believable team of six that later features extend with their own data
//! (goals, check-ins, feedback) so "Try with a demo team" shows every area at once.
use chrono::{Datelike, NaiveDate};

use super::person::{Cadence, Person};
use super::team::Team;

/// Demo records with their ids, so later parts of the demo can point at people.
pub struct DemoData {
    pub team: Team,
    pub people: Vec<(String, Person)>,
}

/// Builds the demo team. Start dates are set relative to `today` so tenures read the same every year.
pub fn demo_team(today: NaiveDate, new_id: &mut dyn FnMut() -> String) -> DemoData {
    let years_ago = |years: i32, month: u32, day: u32| {
        NaiveDate::from_ymd_opt(today.year() - years, month, day)
    };
    let person = |name: &str, role: &str, start: Option<NaiveDate>, email: &str, cadence| Person {
        name: name.into(),
        role: role.into(),
        start_date: start,
        email: email.into(),
        cadence,
        archived: false,
    };
    let people = vec![
        person(
            "Maya Okafor",
            "Senior Customer Success Manager",
            years_ago(5, 3, 15),
            "maya.okafor@example.com",
            Cadence::Weekly,
        ),
        person(
            "Daniel Reyes",
            "Customer Success Manager",
            years_ago(3, 6, 5),
            "daniel.reyes@example.com",
            Cadence::Weekly,
        ),
        person(
            "Priya Natarajan",
            "Onboarding Specialist",
            years_ago(2, 1, 8),
            "priya.natarajan@example.com",
            Cadence::Weekly,
        ),
        person(
            "Tomás Lindqvist",
            "Support Engineer",
            years_ago(4, 9, 12),
            "tomas.lindqvist@example.com",
            Cadence::Biweekly,
        ),
        person(
            "Hannah Whitfield",
            "Support Engineer",
            years_ago(1, 2, 17),
            "hannah.whitfield@example.com",
            Cadence::Weekly,
        ),
        person(
            "Kwame Asante",
            "Customer Education Lead",
            years_ago(6, 11, 2),
            "kwame.asante@example.com",
            Cadence::Biweekly,
        ),
    ];
    DemoData {
        team: Team {
            name: "Customer Success".into(),
            mission: "Get every new customer to their first win within 30 days, and keep them because working with us keeps getting easier.".into(),
        },
        people: people.into_iter().map(|p| (new_id(), p)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_team_is_six_valid_people_already_started() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let mut n = 0;
        let demo = demo_team(today, &mut || {
            n += 1;
            format!("id{n}")
        });
        assert!(demo.team.problems().is_empty());
        assert_eq!(demo.people.len(), 6);
        for (_, p) in &demo.people {
            assert!(p.problems().is_empty(), "{p:?}");
            assert!(p.start_date.unwrap() < today);
        }
        let ids: std::collections::BTreeSet<_> =
            demo.people.iter().map(|(id, _)| id.clone()).collect();
        assert_eq!(ids.len(), 6);
    }
}
