//! Improvement plans (loaded on demand, see lib.rs): "Is an improvement plan the right step?"
//! for a person, the plan's form, and the plan's page (acknowledgement, reviews, the support
//! ledger, extension, outcome, history, print and Markdown). The plan's next review on Home and
//! in the person's 1:1s comes from this chunk through `ImprovementSlot`.
pub mod aid;
pub mod form;
pub mod plan;

use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use leptos_router::components::A;

use crate::domain::checkin::CheckIn;
use crate::domain::dates::{short_date, Date};
use crate::domain::development::DevAction;
use crate::domain::feedback::Feedback;
use crate::domain::improvement::aid::{advise, Advice, Record};
use crate::domain::improvement::{acknowledged, Plan, PlanAck, PlanReview};
use crate::domain::standards::Rating;
use crate::store::Body;
use crate::ui::href;
use crate::ui::lookup::{as_manager, is_self, person_name};
use crate::ui::state::{now, AppState, Repo};

/// The person's plans, newest first: (id, revision, plan).
pub fn plans_of(r: &Repo, person: Option<&str>) -> Vec<(String, u64, Plan)> {
    let mut all: Vec<(String, u64, Plan)> = r
        .live()
        .filter_map(|rec| match &rec.body {
            Body::ImprovementPlan(p) if person.is_none_or(|x| p.person == x) => {
                Some((rec.id.clone(), rec.rev, p.clone()))
            }
            _ => None,
        })
        .collect();
    all.sort_by(|a, b| b.2.start.cmp(&a.2.start));
    all
}

/// A plan's reviews, oldest first, and its acknowledgements.
pub fn sessions_of(r: &Repo, plan: &str) -> (Vec<PlanReview>, Vec<PlanAck>) {
    let mut reviews = vec![];
    let mut acks = vec![];
    for rec in r.live() {
        match &rec.body {
            Body::PlanReview(x) if x.plan == plan => reviews.push(x.clone()),
            Body::PlanAck(x) if x.plan == plan => acks.push(x.clone()),
            _ => {}
        }
    }
    reviews.sort_by_key(|x| x.on);
    acks.sort_by_key(|x| x.on);
    (reviews, acks)
}

/// The decision aid for `person` from everything this device holds about them.
pub fn advice_for(r: &Repo, person: &str, today: Date) -> Advice {
    let mut feedback: Vec<&Feedback> = vec![];
    let mut actions: Vec<&DevAction> = vec![];
    let mut check_ins: Vec<&CheckIn> = vec![];
    let mut ratings: Vec<&Rating> = vec![];
    for rec in r.live() {
        match &rec.body {
            Body::Feedback(f) if f.person == person => feedback.push(f),
            Body::DevAction(a) if a.person == person => actions.push(a),
            Body::CheckIn(c) if c.person == person => check_ins.push(c),
            Body::Rating(x) if x.person == person => ratings.push(x),
            _ => {}
        }
    }
    advise(
        person,
        &Record {
            feedback: &feedback,
            actions: &actions,
            check_ins: &check_ins,
            ratings: &ratings,
        },
        today,
    )
}

/// Where a plan stands, in a few words: the next review and whether the current version is
/// acknowledged.
pub fn standing(plan: &Plan, reviews: &[PlanReview], acks: &[PlanAck]) -> String {
    if let Some(c) = &plan.closed {
        return format!(
            "Closed {}: {}",
            short_date(c.on),
            c.outcome.label().to_lowercase()
        );
    }
    let a: Vec<&PlanAck> = acks.iter().collect();
    let ack = match (acknowledged(plan, &a), plan.current()) {
        (Some(_), _) => "receipt acknowledged".to_string(),
        (None, Some(v)) => format!("version {} not yet acknowledged", v.number),
        (None, None) => String::new(),
    };
    match plan.next_review(reviews.len()) {
        Some(d) => format!("Next review {} · {ack}", short_date(d)),
        None => format!("Every review held · {ack}"),
    }
}

/// Pieces of the improvement area drawn on other pages.
pub enum ImprovementPiece {
    /// Home: open plans with their next review.
    Due,
    /// A person's 1:1s (their page, member mode, the check-in): their open plan, or the aid.
    Person(String),
}

#[wasm_split(improvement, wasm_split_path = ::leptos::wasm_split, fallible)]
fn improvement_piece(piece: ImprovementPiece) -> Result<AnyView, SplitLoaderError> {
    Ok(untrack(|| match piece {
        ImprovementPiece::Due => view! { <DuePlans /> }.into_any(),
        ImprovementPiece::Person(person) => view! { <PersonPlan person /> }.into_any(),
    }))
}

/// A piece of the improvement area (see `ImprovementPiece`), drawn once its chunk is loaded.
#[component]
pub fn ImprovementSlot(piece: ImprovementPiece) -> impl IntoView {
    let card = Suspend::new(async move {
        improvement_piece(piece).await.unwrap_or_else(|_| {
            view! { <p class="inline-warning">"The improvement plan could not be downloaded. Check the connection, then reload."</p> }.into_any()
        })
    });
    view! { <Suspense fallback=|| ()>{card}</Suspense> }
}

#[component]
fn DuePlans() -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = Memo::new(move |_| {
        state.repo.with(|r| {
            plans_of(r, None)
                .into_iter()
                .filter(|(_, _, p)| !p.is_closed())
                .map(|(id, _, p)| {
                    let (reviews, acks) = sessions_of(r, &id);
                    let line = standing(&p, &reviews, &acks);
                    let late = p
                        .next_review(reviews.len())
                        .is_some_and(|d| d < now().date());
                    (id, p.person.clone(), line, late)
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <Show when=move || !rows.with(Vec::is_empty)>
            <h3 class="due-sub">"Improvement plan reviews"</h3>
            <ul class="due-list" data-testid="due-plans">
                {move || rows.get().into_iter().map(|(id, person, line, late)| view! {
                    <li class="due-row" class:overdue=late>
                        <A href=href(&format!("/improvement/{id}"))>{person_name(state, &person)}</A>
                        <span class="due-when">{line}</span>
                    </li>
                }).collect_view()}
            </ul>
        </Show>
    }
}

#[component]
fn PersonPlan(person: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let who = person.clone();
    let open = Memo::new(move |_| {
        state.repo.with(|r| {
            plans_of(r, Some(&who))
                .into_iter()
                .find(|(_, _, p)| !p.is_closed())
                .map(|(id, _, p)| {
                    let (reviews, acks) = sessions_of(r, &id);
                    (id, standing(&p, &reviews, &acks))
                })
        })
    });
    let manager = as_manager(state);
    let own = is_self(state, &person);
    let aid = href(&format!("/people/{person}/improvement"));
    view! {
        {move || match open.get() {
            Some((id, line)) => view! {
                <p class="plan-line" data-testid="person-plan">
                    <A href=href(&format!("/improvement/{id}")) attr:class="button">"Improvement plan"</A>
                    " " {line}
                </p>
            }.into_any(),
            None if manager && !own => view! {
                <p class="plan-line no-print"><A href=aid.clone() attr:data-testid="open-aid">"Is an improvement plan the right step?"</A></p>
            }.into_any(),
            None => ().into_any(),
        }}
    }
}

/// For a field whose messages are shown for its group (a goal row, a review's goals).
pub fn no_error() -> Signal<Option<String>> {
    Signal::derive(|| None)
}
