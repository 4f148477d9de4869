//! The development plan as other pages show it: a summary on the person's page and in member
//! mode, the actions due in a check-in, and the monthly review's development part.
use leptos::prelude::*;
use leptos_router::components::A;

use super::{actions_of, gaps_of, may_see, skill_name, stretches};
use crate::domain::dates::{month_end, short_date, Date};
use crate::domain::development::plan::{due_soon, progress, review_lines};
use crate::domain::development::{DevAction, StretchState};
use crate::ui::href;
use crate::ui::state::{now, AppState};

/// The person's development at a glance, with the way to the whole plan.
#[component]
pub fn DevSummary(person: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    if !may_see(state, &person) {
        return ().into_any();
    }
    let today = now().date();
    let link = href(&format!("/people/{person}/development"));
    let id = person.clone();
    let data = Memo::new(move |_| {
        state.repo.with(|r| {
            let gaps = gaps_of(r, &id, today);
            let actions: Vec<DevAction> =
                actions_of(r, &id).into_iter().map(|(_, _, a)| a).collect();
            let running: Vec<String> = stretches(r, Some(&id))
                .into_iter()
                .filter(|(_, _, s)| s.state(today) == StretchState::Running)
                .map(|(_, _, s)| s.title)
                .collect();
            (gaps, actions, running)
        })
    });
    view! {
        <section class="panel" aria-labelledby="dev-title" data-testid="dev-summary">
            <div class="panel-head">
                <h2 id="dev-title">"Development"</h2>
                <A href=link attr:class="button" attr:data-testid="open-development">"Development plan"</A>
            </div>
            {move || data.with(|(gaps, actions, running)| {
                let refs: Vec<&DevAction> = actions.iter().collect();
                let p = progress(&refs, today);
                let due = due_soon(&refs, today, 7);
                let open: Vec<_> = gaps.iter().filter(|g| g.open()).take(3).collect();
                let stale = gaps.iter().filter(|g| g.stale).count();
                view! {
                    <p data-testid="dev-progress">{p.words()}</p>
                    {if gaps.is_empty() {
                        view! { <p class="empty">"No skills are set for their role yet: add them in the skills framework."</p> }.into_any()
                    } else if open.is_empty() {
                        view! { <p class="hint">"No open gaps against their role's skills."</p> }.into_any()
                    } else {
                        view! {
                            <h3>"Top gaps"</h3>
                            <ul class="notes" data-testid="dev-top-gaps">
                                {open.into_iter().map(|g| view! { <li><strong>{g.name.clone()}</strong>": "{g.why.clone()}</li> }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    {(stale > 0).then(|| view! { <p class="inline-warning">{format!("{stale} assessment{} older than 6 months: assess again.", if stale == 1 { " is" } else { "s are" })}</p> })}
                    {(!due.is_empty()).then(|| view! {
                        <h3>"Due this week"</h3>
                        <ul class="notes">{due.into_iter().map(|a| view! { <li>{format!("{} · due {}", a.title, a.due.map(short_date).unwrap_or_default())}</li> }).collect_view()}</ul>
                    })}
                    {(!running.is_empty()).then(|| view! {
                        <p>{format!("Stretch work under way: {}", running.join("; "))}</p>
                    })}
                }
            })}
        </section>
    }
    .into_any()
}

/// The development actions due within a week (and overdue) for the check-in.
#[component]
pub fn DueActions(person: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let today = now().date();
    let link = href(&format!("/people/{person}/development"));
    let due = Memo::new(move |_| {
        state.repo.with(|r| {
            let all: Vec<DevAction> = actions_of(r, &person)
                .into_iter()
                .map(|(_, _, a)| a)
                .collect();
            let refs: Vec<&DevAction> = all.iter().collect();
            due_soon(&refs, today, 7)
                .into_iter()
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    view! {
        <Show when=move || due.with(|d| !d.is_empty())>
            <section class="panel" aria-labelledby="dev-due-title" data-testid="dev-due">
                <h2 id="dev-due-title">"Development actions due"</h2>
                <ul class="notes">
                    {move || due.get().into_iter().map(|a| {
                        let late = a.due.is_some_and(|d| d < today);
                        view! { <li>{format!("{} ({}) · {}{}", a.title, skill_name(state, &a.skill), a.status.label(), a.due.map(|d| format!(", due {}", short_date(d))).unwrap_or_default())}
                            {late.then(|| view! { <span class="tag warn">" overdue"</span> })}</li> }
                    }).collect_view()}
                </ul>
                <A href=link.clone() attr:class="button">"Update the plan"</A>
            </section>
        </Show>
    }
}

/// The monthly review's development part: what the plan did this month, what is open, the
/// top gaps and stretch work, which can go into the review's notes in one tap.
#[component]
pub fn ReviewPart(
    person: String,
    month: Signal<Date>,
    notes: RwSignal<String>,
    finished: bool,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let today = now().date();
    let link = href(&format!("/people/{person}/development"));
    let lines = Memo::new(move |_| {
        let from = month.get();
        let to = month_end(from.year(), from.month());
        state.repo.with(|r| {
            let gaps = gaps_of(r, &person, today);
            let actions: Vec<DevAction> = actions_of(r, &person)
                .into_iter()
                .map(|(_, _, a)| a)
                .collect();
            let all = stretches(r, Some(&person));
            let refs: Vec<&DevAction> = actions.iter().collect();
            let s: Vec<_> = all.iter().map(|(_, _, s)| s).collect();
            let p = progress(&refs, today).words();
            let mut lines = vec![format!("Plan: {p}")];
            lines.extend(review_lines(
                &gaps,
                &refs,
                &s,
                &|id| skill_name(state, id),
                from,
                to,
            ));
            lines
        })
    });
    let add = move |_| {
        let text = lines.get_untracked().join("\n");
        notes.update(|n| {
            if !n.trim().is_empty() {
                n.push_str("\n\n");
            }
            n.push_str(&text);
        });
        state.say("The plan's progress is in the notes.");
    };
    view! {
        <div class="dev-review" data-testid="review-development">
            <h3>"From the development plan"</h3>
            <ul class="notes">{move || lines.get().into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
            <div class="actions no-print">
                {(!finished).then(|| view! { <button type="button" on:click=add data-testid="plan-to-notes">"Add to the notes"</button> })}
                <A href=link attr:class="button">"Open the plan"</A>
            </div>
        </div>
    }
}
