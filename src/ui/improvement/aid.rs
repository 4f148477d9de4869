//! "Is an improvement plan the right step?" for one person, their plans so far, and the page
//! that starts a plan (its background filled from the aid's facts).
use leptos::prelude::*;
use leptos_router::components::A;

use super::form::PlanForm;
use super::{advice_for, plans_of, sessions_of, standing};
use crate::domain::improvement::aid::Step;
use crate::ui::href;
use crate::ui::lookup::{as_manager, find_person_name as name_of};
use crate::ui::people::NotFound;
use crate::ui::router::{query, use_navigate};
use crate::ui::state::{now, AppState};

#[component]
pub fn AidPage(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let Some(name) = name_of(state, &id) else {
        return view! { <NotFound what="person" /> }.into_any();
    };
    if !as_manager(state) {
        return view! {
            <article data-testid="aid">
                <header class="page-head"><div><h1>"Improvement plans"</h1></div></header>
                <p class="empty">"Only the manager's view decides on an improvement plan."</p>
            </article>
        }
        .into_any();
    }
    let today = now().date();
    let person = id.clone();
    let advice = Memo::new(move |_| state.repo.with(|r| advice_for(r, &person, today)));
    let person = id.clone();
    let plans = Memo::new(move |_| {
        state.repo.with(|r| {
            plans_of(r, Some(&person))
                .into_iter()
                .map(|(pid, _, p)| {
                    let (reviews, acks) = sessions_of(r, &pid);
                    let line = standing(&p, &reviews, &acks);
                    (pid, p.start, line, p.is_closed())
                })
                .collect::<Vec<_>>()
        })
    });
    let open_plan = move || plans.with(|p| p.iter().find(|x| !x.3).map(|x| x.0.clone()));
    let start = href(&format!("/improvement/new?person={id}"));
    let sub = format!("Built from {name}'s record on this device: corrective feedback and follow-ups, development actions, obstacles raised in check-ins and the latest standards ratings.");
    view! {
        <article class="improvement" data-testid="aid">
            <header class="page-head">
                <div>
                    <p class="crumb"><A href=href(&format!("/people/{id}"))>{name.clone()}</A></p>
                    <h1>"Is an improvement plan the right step?"</h1>
                    <p class="sub">{sub}</p>
                </div>
            </header>
            <section class="panel" aria-labelledby="aid-title" data-testid="aid-advice">
                {move || {
                    let a = advice.get();
                    let primary = a.step == Step::ImprovementPlan;
                    view! {
                        <h2 id="aid-title">"Suggested next step: " <span data-testid="aid-step">{a.step.label()}</span></h2>
                        <ul class="aid-reasons">{a.reasons.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}</ul>
                        <h3>"What the record shows"</h3>
                        <ul class="aid-facts" data-testid="aid-facts">{a.facts.iter().map(|f| view! { <li>{f.clone()}</li> }).collect_view()}</ul>
                        {match open_plan() {
                            Some(pid) => view! {
                                <p><A href=href(&format!("/improvement/{pid}")) attr:class="button primary">"Open the current plan"</A></p>
                            }.into_any(),
                            None => view! {
                                <p class="actions">
                                    <A href=start.clone() attr:class=if primary { "button primary" } else { "button" } attr:data-testid="start-plan">
                                        {if primary { "Start an improvement plan" } else { "Start an improvement plan anyway" }}
                                    </A>
                                </p>
                                <p class="hint">"The facts above go into the plan's background, where the person reads them too."</p>
                            }.into_any(),
                        }}
                    }
                }}
            </section>
            <section class="panel" aria-labelledby="plans-title">
                <h2 id="plans-title">"Plans"</h2>
                {move || if plans.with(Vec::is_empty) {
                    view! { <p class="empty">"No improvement plan so far."</p> }.into_any()
                } else {
                    view! {
                        <ul class="plan-list">
                            {plans.get().into_iter().map(|(pid, from, line, _)| view! {
                                <li><A href=href(&format!("/improvement/{pid}"))>{format!("From {}", crate::domain::dates::long_date(from))}</A>" · "{line}</li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        </article>
    }
    .into_any()
}

#[component]
pub fn NewPlanPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let person = query("person").unwrap_or_default();
    let Some(name) = name_of(state, &person) else {
        return view! { <NotFound what="person" /> }.into_any();
    };
    if !as_manager(state) {
        return view! { <p class="empty">"Only the manager's view starts an improvement plan."</p> }
            .into_any();
    }
    let today = now().date();
    let background = state
        .repo
        .with_untracked(|r| advice_for(r, &person, today).background(today));
    let navigate = use_navigate();
    let done = Callback::new(move |id: String| navigate(&format!("/improvement/{id}")));
    view! {
        <article class="improvement" data-testid="new-plan">
            <header class="page-head">
                <div>
                    <p class="crumb"><A href=href(&format!("/people/{person}/improvement"))>"Is an improvement plan the right step?"</A></p>
                    <h1>{format!("Improvement plan: {name}")}</h1>
                    <p class="sub">{format!("Visible to {name} and you. {name} acknowledges receipt of each version; that is not agreement.")}</p>
                </div>
            </header>
            <PlanForm person=person.clone() existing=None background on_done=done />
        </article>
    }
    .into_any()
}
