//! Feedback and recognition. Here: what Home, a person's page and a check-in show (follow-ups
//! due, people not recognised lately, the balance). Loaded on demand (see lib.rs): the
//! recognition and corrective composers, the feedback log, peer feedback and the wins wall.
pub mod compose;
pub mod log;
pub mod wins;

use leptos::prelude::*;

use crate::domain::cadence::Due;
use crate::domain::dates::{short_date, Date};
use crate::domain::feedback::{follow_ups, Balance, FOLLOW_UP_HORIZON_DAYS};
use crate::domain::{Celebration, Feedback};
use crate::store::Body;
use crate::ui::components::editor::save_change;
use crate::ui::href;
use crate::ui::state::{now, AppState, Repo};
use leptos_router::components::A;

/// Every piece of feedback in the store with its record id, read in place.
pub fn feedback_in(r: &Repo) -> impl Iterator<Item = (&str, &Feedback)> {
    r.live().filter_map(|rec| match &rec.body {
        Body::Feedback(f) => Some((rec.id.as_str(), f)),
        _ => None,
    })
}

/// Every team win with its record id, read in place.
pub fn wins_in(r: &Repo) -> impl Iterator<Item = (&str, &Celebration)> {
    r.live().filter_map(|rec| match &rec.body {
        Body::Celebration(c) => Some((rec.id.as_str(), c)),
        _ => None,
    })
}

/// Saves a change to the feedback `id`. If another tab changed it meanwhile, the change is
/// applied on top of that version instead (the edits here touch fields no form edits).
pub fn change_feedback(state: AppState, id: &str, change: impl Fn(&mut Feedback)) {
    let found = state
        .repo
        .with_untracked(|r| match r.get(id).map(|rec| (rec.rev, &rec.body)) {
            Some((rev, Body::Feedback(f))) => Some((rev, f.clone())),
            _ => None,
        });
    if let Some((rev, f)) = found {
        save_change(state, Some((id.to_string(), rev)), f, change);
    }
}

#[derive(Clone, PartialEq)]
struct FollowUpRow {
    id: String,
    person: String,
    name: String,
    expectation: String,
    due: Date,
}

/// Open follow-ups of corrective conversations, earliest first: one person's (in their
/// check-in and on their page) or the team's due within a week (on Home). Each can be marked
/// as held, with what it found.
#[component]
pub fn FollowUpList(
    #[prop(optional)] person: Option<String>,
    #[prop(optional)] until: Option<Date>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let team_wide = person.is_none();
    let rows = Memo::new(move |_| {
        state.repo.with(|r| {
            let mine =
                feedback_in(r).filter(|(_, f)| person.as_deref().is_none_or(|p| f.person == p));
            follow_ups(mine, until)
                .into_iter()
                .map(|(id, f, due)| FollowUpRow {
                    id: id.to_string(),
                    person: f.person.clone(),
                    name: match r.get(&f.person).map(|rec| &rec.body) {
                        Some(Body::Person(p)) => p.name.clone(),
                        _ => String::new(),
                    },
                    expectation: f
                        .corrective
                        .as_ref()
                        .map(|c| c.expectation.clone())
                        .unwrap_or_default(),
                    due,
                })
                .collect::<Vec<_>>()
        })
    });
    let row = move |f: FollowUpRow| {
        let outcome = RwSignal::new(String::new());
        let field = format!("outcome-{}", f.id);
        let id = f.id.clone();
        let done = move |_| {
            let text = outcome.get_untracked().trim().to_string();
            change_feedback(state, &id, |fb| {
                if let Some(c) = fb.corrective.as_mut() {
                    c.followed_up = Some(now().date());
                    c.outcome = text.clone();
                }
            });
            state.say("Follow-up marked as held. It stays in the feedback log.");
        };
        let late = matches!(Due::of(f.due, now().date()), Due::Overdue(_));
        view! {
            <li class="follow-up" class:overdue=late data-testid="follow-up">
                <p>
                    {team_wide.then(|| view! { <A href=href(&format!("/feedback?person={}", f.person))>{f.name.clone()}</A>": " })}
                    "Follow up on “"{f.expectation.clone()}"”"
                    <span class="due-when">{format!(" · {} · {}", Due::of(f.due, now().date()).text(), short_date(f.due))}</span>
                </p>
                <div class="inline-form">
                    <div class="field">
                        <label for=field.clone()>"What you found (optional)"</label>
                        <input id=field type="text" prop:value=move || outcome.get() on:input=move |ev| outcome.set(event_target_value(&ev)) />
                    </div>
                    <button type="button" on:click=done>"Mark followed up"</button>
                </div>
            </li>
        }
    };
    view! {
        <ul class="follow-ups" data-testid="follow-ups">
            {move || rows.get().into_iter().map(row).collect_view()}
        </ul>
        {move || (!team_wide && rows.with(Vec::is_empty)).then(|| view! { <p class="empty">"No open follow-ups."</p> })}
    }
}

/// Home: follow-ups due within a week (and overdue ones), hidden when there are none. Who has
/// not been recognised for 30 days is one of the early warnings (`domain::insight`).
#[component]
pub fn FeedbackSignals() -> impl IntoView {
    let state = expect_context::<AppState>();
    let today = now().date();
    let due_soon = Memo::new(move |_| {
        state.repo.with(|r| {
            follow_ups(feedback_in(r), Some(today.add_days(FOLLOW_UP_HORIZON_DAYS))).len()
        })
    });
    view! {
        <Show when=move || { due_soon.get() > 0 }>
            <section class="panel" aria-labelledby="follow-ups-title" data-testid="home-follow-ups">
                <div class="panel-head">
                    <h2 id="follow-ups-title">"Feedback follow-ups this week"</h2>
                    <A href=href("/feedback") attr:class="button">"Feedback log"</A>
                </div>
                <FollowUpList until=today.add_days(FOLLOW_UP_HORIZON_DAYS) />
            </section>
        </Show>
    }
}

/// A person's page: the balance of the last 90 days, open follow-ups, and where to give feedback.
#[component]
pub fn PersonFeedback(person: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = person.clone();
    let balance = Memo::new(move |_| {
        state.repo.with(|r| {
            Balance::of(
                &id,
                feedback_in(r).map(|(_, f)| f),
                wins_in(r).map(|(_, w)| w),
                now().date(),
            )
        })
    });
    let link = |path: &str, text: &'static str| {
        view! { <A href=href(&format!("{path}{}", person)) attr:class="button">{text}</A> }
    };
    view! {
        <section class="panel" aria-labelledby="feedback-title" data-testid="person-feedback">
            <div class="panel-head">
                <h2 id="feedback-title">"Feedback"</h2>
                <div class="actions">
                    {link("/feedback/recognize?person=", "Recognize")}
                    {link("/feedback/corrective?person=", "Corrective feedback")}
                    {link("/feedback?person=", "Feedback log")}
                </div>
            </div>
            <p data-testid="balance">{move || balance.get().text()}</p>
            <h3>"Open follow-ups"</h3>
            <FollowUpList person=person.clone() />
        </section>
    }
}
