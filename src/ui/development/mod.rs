//! Development (loaded on demand, see lib.rs): the skills framework, a person's development
//! page (gaps, assessments, plan actions, stretch assignments), the team's coverage and the
//! fairness of stretch work. Pieces drawn elsewhere (the person's page, the check-in, the
//! monthly review, member mode) come from this chunk through `DevSlot`.
pub mod person;
pub mod pieces;
pub mod skills;
pub mod team;

use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use leptos_router::components::A;

use crate::domain::dates::Date;
use crate::domain::development::gaps::{person_gaps, Gap, GoalNeed};
use crate::domain::development::{Assessment, DevAction, Skill, Stretch};
use crate::domain::goal::{pace, progress, GoalSet, Status};
use crate::domain::scope::Role;
use crate::store::Body;
use crate::ui::href;
use crate::ui::state::{AppState, Repo};

/// Links between the development pages.
#[component]
pub fn DevTabs() -> impl IntoView {
    view! {
        <nav class="subnav no-print" aria-label="Development">
            <A href=href("/development") exact=true>"Team coverage"</A>
            <A href=href("/development/skills")>"Skills framework"</A>
        </nav>
    }
}

/// The framework's skills: (id, revision, skill), by name.
pub fn skills(r: &Repo) -> Vec<(String, u64, Skill)> {
    let mut all: Vec<(String, u64, Skill)> = r
        .live()
        .filter_map(|rec| match &rec.body {
            Body::Skill(s) => Some((rec.id.clone(), rec.rev, s.clone())),
            _ => None,
        })
        .collect();
    all.sort_by(|a, b| a.2.name.to_lowercase().cmp(&b.2.name.to_lowercase()));
    all
}

pub use crate::ui::lookup::is_self;

pub fn skill_name(state: AppState, id: &str) -> String {
    state
        .repo
        .with_untracked(|r| match r.get(id).map(|rec| &rec.body) {
            Some(Body::Skill(s)) => s.name.clone(),
            _ => "A removed skill".into(),
        })
}

/// Every assessment (of `person`, or of everyone when None), in the order they were made.
pub fn assessments(r: &Repo, person: Option<&str>) -> Vec<(String, Assessment)> {
    let mut all: Vec<(u64, String, Assessment)> = r
        .live()
        .filter_map(|rec| match &rec.body {
            Body::Assessment(a) if person.is_none_or(|p| a.person == p) => {
                Some((rec.seq, rec.id.clone(), a.clone()))
            }
            _ => None,
        })
        .collect();
    all.sort_by_key(|(seq, _, _)| *seq);
    all.into_iter().map(|(_, id, a)| (id, a)).collect()
}

/// The person's plan actions, soonest due first: (id, revision, action).
pub fn actions_of(r: &Repo, person: &str) -> Vec<(String, u64, DevAction)> {
    let mut all: Vec<(String, u64, DevAction)> = r
        .live()
        .filter_map(|rec| match &rec.body {
            Body::DevAction(a) if a.person == person => Some((rec.id.clone(), rec.rev, a.clone())),
            _ => None,
        })
        .collect();
    all.sort_by_key(|(_, _, a)| (!a.status.is_open(), a.due));
    all
}

/// Stretch assignments (of `person`, or everyone's), newest first.
pub fn stretches(r: &Repo, person: Option<&str>) -> Vec<(String, u64, Stretch)> {
    let mut all: Vec<(String, u64, Stretch)> = r
        .live()
        .filter_map(|rec| match &rec.body {
            Body::Stretch(s) if person.is_none_or(|p| s.person == p) => {
                Some((rec.id.clone(), rec.rev, s.clone()))
            }
            _ => None,
        })
        .collect();
    all.sort_by(|a, b| b.2.start.cmp(&a.2.start));
    all
}

/// The person's gaps against their role's skills, ranked (see `domain::development::gaps`).
pub fn gaps_of(r: &Repo, person: &str, today: Date) -> Vec<Gap> {
    let role = match r.get(person).map(|rec| &rec.body) {
        Some(Body::Person(p)) => p.role.clone(),
        _ => return vec![],
    };
    let goals = r.goals();
    let set = GoalSet::new(goals.iter().map(|(rec, g)| (rec.id.as_str(), *g)));
    let at_risk: Vec<(&str, bool)> = goals
        .iter()
        .filter(|(_, g)| {
            g.owner == person
                && !g.archived
                && g.status.as_ref().is_none_or(|s| !s.status.is_closed())
        })
        .map(|(rec, g)| {
            let p = progress(&rec.id, &set).value;
            let status = pace(g, p, today).status;
            (
                rec.id.as_str(),
                matches!(status, Status::AtRisk | Status::OffTrack),
            )
        })
        .collect();
    let needs: Vec<GoalNeed> = at_risk
        .iter()
        .filter_map(|(id, risky)| {
            set.get(id).map(|g| GoalNeed {
                title: &g.title,
                at_risk: *risky,
                skills: &g.skills,
            })
        })
        .collect();
    let all_skills = skills(r);
    let pairs: Vec<(&str, &Skill)> = all_skills
        .iter()
        .map(|(id, _, s)| (id.as_str(), s))
        .collect();
    let all = assessments(r, Some(person));
    let refs: Vec<&Assessment> = all.iter().map(|(_, a)| a).collect();
    person_gaps(person, &role, &pairs, &refs, &needs, today)
}

/// Whether this device may show `person`'s development: the manager's may; a member's only
/// their own (it holds nobody else's records).
pub fn may_see(state: AppState, person: &str) -> bool {
    match state.role() {
        Role::Manager => true,
        Role::Member(me) => me == person,
    }
}

/// Pieces of the development area drawn on other pages.
pub enum DevPiece {
    /// A person's page and member mode: progress, top gaps, due actions, running stretch work.
    Summary(String),
    /// The check-in: actions due for this person.
    Due(String),
    /// The monthly review's development part for the person and the month from its first day,
    /// feeding the review's "Skills and learning" notes.
    Review {
        person: String,
        month: Signal<Date>,
        notes: RwSignal<String>,
        finished: bool,
    },
}

/// A piece from the development chunk (a second split point into it: see lib.rs).
#[wasm_split(development, wasm_split_path = ::leptos::wasm_split, fallible)]
fn dev_piece(piece: DevPiece) -> Result<AnyView, SplitLoaderError> {
    Ok(untrack(|| match piece {
        DevPiece::Summary(person) => view! { <pieces::DevSummary person /> }.into_any(),
        DevPiece::Due(person) => view! { <pieces::DueActions person /> }.into_any(),
        DevPiece::Review {
            person,
            month,
            notes,
            finished,
        } => view! { <pieces::ReviewPart person month notes finished /> }.into_any(),
    }))
}

/// A piece of the development area (see `DevPiece`), drawn once its chunk is loaded (it is
/// preloaded after the first screen, so usually at once).
#[component]
pub fn DevSlot(piece: DevPiece) -> impl IntoView {
    let card = Suspend::new(async move {
        dev_piece(piece).await.unwrap_or_else(|_| {
            view! { <p class="inline-warning">"The development plan could not be downloaded. Check the connection, then reload."</p> }.into_any()
        })
    });
    view! { <Suspense fallback=|| ()>{card}</Suspense> }
}
