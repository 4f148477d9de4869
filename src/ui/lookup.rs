//! Names and lists read from the store that several areas show: a person's name, a goal's
//! title, the people to choose from, a person's goals.
use leptos::prelude::*;

use crate::domain::Goal;
use crate::store::Body;
use crate::ui::state::AppState;

pub fn person_name(state: AppState, id: &str) -> String {
    find_person_name(state, id).unwrap_or_else(|| "Someone no longer on the team".into())
}

/// The person's name, or None if there is no such person on this device.
pub fn find_person_name(state: AppState, id: &str) -> Option<String> {
    state
        .repo
        .with_untracked(|r| match r.get(id).map(|rec| &rec.body) {
            Some(Body::Person(p)) => Some(p.name.clone()),
            _ => None,
        })
}

pub fn goal_title(state: AppState, id: &str) -> String {
    state
        .repo
        .with_untracked(|r| match r.get(id).map(|rec| &rec.body) {
            Some(Body::Goal(g)) => g.title.clone(),
            _ => "A removed goal".into(),
        })
}

/// The person's goals in play: not archived, not dropped or done by hand.
pub fn person_goals(state: AppState, person: &str) -> Vec<(String, u64, Goal)> {
    state.repo.with(|r| {
        r.goals()
            .into_iter()
            .filter(|(_, g)| g.owner == person && !g.archived)
            .map(|(rec, g)| (rec.id.clone(), rec.rev, g.clone()))
            .collect()
    })
}

/// The people on the team (not archived) as (id, name), for choosers.
pub fn people_choices(state: AppState) -> Vec<(String, String)> {
    state.repo.with(|r| {
        r.people()
            .into_iter()
            .filter(|(_, p)| !p.archived)
            .map(|(rec, p)| (rec.id.clone(), p.name.clone()))
            .collect()
    })
}

/// The first word of a name ("Maya" of "Maya Okafor"), for scripts.
pub fn first_name(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or(name)
}

/// Writing about themselves: in member mode as this person, or on their own device.
pub fn is_self(state: AppState, person: &str) -> bool {
    state.me.get_untracked().as_deref() == Some(person)
        || state.role() == crate::domain::scope::Role::Member(person.to_string())
}

/// Whether this device works as the manager now: the manager's device, not in member mode.
pub fn as_manager(state: AppState) -> bool {
    state.role() == crate::domain::scope::Role::Manager && state.me.get_untracked().is_none()
}
