//! One improvement plan: its version and fingerprint, the acknowledgement of receipt (on the
//! person's device or the manager's, with their response), the plan itself, the support ledger,
//! review sessions, adjusting, extending, closing, the history, print and Markdown.
use leptos::prelude::*;
use leptos_router::components::A;

use super::form::PlanForm;
use super::{no_error, sessions_of};
use crate::domain::dates::{long_date, parse_iso, short_date};
use crate::domain::improvement::report::{ack_line, markdown, version_line, Names};
use crate::domain::improvement::{
    acknowledged, history, latest_progress, ledger, smart_check, Closing, Outcome, Plan, PlanAck,
    PlanReview, Progress, ACK_MEANING,
};
use crate::domain::smart_r::passes;
use crate::domain::FieldError;
use crate::store::Body;
use crate::ui::browser::download;
use crate::ui::components::{FormErrors, SelectField, TextArea, TextField};
use crate::ui::href;
use crate::ui::lookup::{as_manager, first_name, goal_title, is_self, person_name};
use crate::ui::people::NotFound;
use crate::ui::state::{now, AppState, SaveOutcome};

const MANAGER: &str = "The manager";

#[derive(Clone, Copy, PartialEq)]
enum Panel {
    None,
    Adjust,
    Review,
    Close,
}

#[component]
pub fn PlanPage(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let pid = id.clone();
    let plan = Memo::new(move |_| {
        state.repo.with(|r| {
            match r
                .get(&pid)
                .filter(|rec| !rec.deleted)
                .map(|rec| (&rec.body, rec.rev))
            {
                Some((Body::ImprovementPlan(p), rev)) => Some((rev, p.clone())),
                _ => None,
            }
        })
    });
    let Some((_, first)) = plan.get_untracked() else {
        return view! { <NotFound what="improvement plan" /> }.into_any();
    };
    let pid = id.clone();
    let sessions = Memo::new(move |_| state.repo.with(|r| sessions_of(r, &pid)));
    let person = first.person.clone();
    let name = person_name(state, &person);
    let manager = as_manager(state);
    let own = is_self(state, &person);
    let panel = RwSignal::new(Panel::None);
    let today = now().date();

    let (export_name, export_id) = (name.clone(), id.clone());
    let export = move |_| {
        let Some((_, p)) = plan.get_untracked() else {
            return;
        };
        let (reviews, acks) = sessions.get_untracked();
        let r: Vec<&PlanReview> = reviews.iter().collect();
        let a: Vec<&PlanAck> = acks.iter().collect();
        let goal = |g: &str| goal_title(state, g);
        let text = markdown(
            &p,
            &r,
            &a,
            &Names {
                person: &export_name,
                manager: MANAGER,
                goal: &goal,
            },
            today,
        );
        download(
            &format!(
                "improvement-plan-{}-{}.md",
                export_name.replace(' ', "-"),
                export_id
            ),
            "text/markdown",
            &text,
        );
    };

    let head_name = name.clone();
    let body_name = name.clone();
    let ack_name = name.clone();
    let hist_name = name.clone();
    let close_name = name.clone();
    let (outcome_name, outcome_person) = (name.clone(), person.clone());
    let pid = id.clone();
    let rid = id.clone();
    let cid = id.clone();
    let aid = id.clone();
    view! {
        <article class="improvement plan-page" data-testid="plan-page">
            <header class="page-head">
                <div>
                    <p class="crumb no-print"><A href=href(&format!("/people/{person}"))>{name.clone()}</A></p>
                    <h1>{format!("Improvement plan: {head_name}")}</h1>
                    <p class="sub" data-testid="plan-version">{move || plan.get().map(|(_, p)| version_line(&p)).unwrap_or_default()}</p>
                    <p class="sub">{move || plan.get().map(|(_, p)| format!("{} to {} ({} days) · reviews {} · visible to {} and the manager", long_date(p.start), long_date(p.end), p.days(), p.every.label().to_lowercase(), if own { "you".to_string() } else { first_name(&body_name).to_string() })).unwrap_or_default()}</p>
                </div>
                <div class="actions no-print">
                    <button type="button" on:click=export data-testid="export-plan-md">"Export Markdown"</button>
                    <button type="button" on:click=|_| { let _ = window().print(); }>"Print"</button>
                </div>
            </header>
            {move || plan.get().and_then(|(_, p)| p.closed.clone()).map(|c| view! {
                <section class="panel outcome" data-testid="plan-outcome">
                    <h2>{format!("Outcome: {}", c.outcome.label())}</h2>
                    <p>{format!("Closed {}. {}", long_date(c.on), c.summary)}</p>
                    {(!c.sustain.is_empty()).then(|| view! { <p>{format!("Keeping it up: {}", c.sustain)}</p> })}
                    {(c.outcome == Outcome::Successful && manager).then(|| view! {
                        <p class="no-print" data-testid="recognise-prompt">{format!("{} closed the gap. Say so: recognition now helps the change last. ", first_name(&outcome_name))}
                            <A href=href(&format!("/feedback/recognize?person={outcome_person}")) attr:class="button primary">{format!("Recognise {}", first_name(&outcome_name))}</A>
                        </p>
                    })}
                    <p class="hint">"A closed plan is kept as it was and can no longer be changed."</p>
                </section>
            })}
            <AckPanel plan sessions plan_id=aid name=ack_name own manager />
            {move || plan.get().map(|(_, p)| view! { <PlanBody plan=p sessions /> })}
            {move || {
                let open = plan.with(|p| p.as_ref().is_some_and(|(_, p)| !p.is_closed()));
                (manager && open).then(|| view! {
                    <div class="actions no-print plan-actions">
                        <button type="button" data-testid="record-review" on:click=move |_| panel.set(Panel::Review)>"Record a review"</button>
                        <button type="button" data-testid="adjust-plan" on:click=move |_| panel.set(Panel::Adjust)>"Adjust the plan"</button>
                        <button type="button" data-testid="close-plan" on:click=move |_| panel.set(Panel::Close)>"Record the outcome"</button>
                    </div>
                })
            }}
            {
                let pid = pid.clone();
                let rid = rid.clone();
                let cid = cid.clone();
                let close_name = close_name.clone();
                move || match (panel.get(), plan.get()) {
                (Panel::Adjust, Some((rev, p))) => view! {
                    <section class="panel" aria-labelledby="adjust-title">
                        <h2 id="adjust-title">"Adjust the plan"</h2>
                        <PlanForm person=p.person.clone() existing=Some((pid.clone(), rev, p)) on_done=Callback::new(move |_| panel.set(Panel::None)) />
                    </section>
                }.into_any(),
                (Panel::Review, Some((_, p))) => view! { <ReviewForm plan_id=rid.clone() plan=p on_done=Callback::new(move |_| panel.set(Panel::None)) /> }.into_any(),
                (Panel::Close, Some((rev, p))) => view! { <CloseForm plan_id=cid.clone() rev plan=p name=close_name.clone() on_done=Callback::new(move |_| panel.set(Panel::None)) /> }.into_any(),
                _ => ().into_any(),
            }}
            <section class="panel" aria-labelledby="history-title" data-testid="plan-history">
                <h2 id="history-title">"History"</h2>
                <ol class="history">
                    {move || {
                        let Some((_, p)) = plan.get() else { return vec![] };
                        let (reviews, acks) = sessions.get();
                        let r: Vec<&PlanReview> = reviews.iter().collect();
                        let a: Vec<&PlanAck> = acks.iter().collect();
                        history(&p, &r, &a, &hist_name, MANAGER).into_iter().map(|h| view! {
                            <li><span class="when">{short_date(h.on)}</span>" " <strong>{h.who}</strong>" " {h.what}</li>
                        }).collect::<Vec<_>>()
                    }}
                </ol>
            </section>
        </article>
    }
    .into_any()
}

/// The plan's words, the goals with their latest progress, the support ledger and the reviews.
#[component]
fn PlanBody(plan: Plan, sessions: Memo<(Vec<PlanReview>, Vec<PlanAck>)>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let today = now().date();
    let p = plan.clone();
    let p2 = plan.clone();
    let p3 = plan.clone();
    view! {
        <section class="panel" aria-labelledby="gap-title">
            {(!plan.background.is_empty()).then(|| view! {
                <h2>"Background"</h2>
                <p class="pre">{plan.background.clone()}</p>
            })}
            <h2 id="gap-title">"The performance gap"</h2>
            <p class="pre">{plan.gap.clone()}</p>
            {(!plan.items.is_empty()).then(|| view! { <p>{format!("Standards: {}.", plan.items.join(", "))}</p> })}
            {(!plan.goals_touched.is_empty()).then(|| view! { <p>{format!("Goals it touches: {}.", plan.goals_touched.iter().map(|g| goal_title(state, g)).collect::<Vec<_>>().join("; "))}</p> })}
            <h2>"Root causes"</h2>
            <ul>
                {plan.causes.iter().map(|c| view! {
                    <li><strong>{c.cause.label()}</strong>": " {c.evidence.clone()}{(!c.notes.is_empty()).then(|| format!(" ({})", c.notes))}</li>
                }).collect_view()}
            </ul>
        </section>
        <section class="panel" aria-labelledby="goals-title" data-testid="plan-goals">
            <h2 id="goals-title">"Improvement goals"</h2>
            <div class="table-scroll" role="region" tabindex="0" aria-label="Improvement goals">
                <table>
                    <thead><tr><th scope="col">"Goal"</th><th scope="col">"Measure"</th><th scope="col">"Target date"</th><th scope="col">"SMART-R"</th><th scope="col">"Latest review"</th></tr></thead>
                    <tbody>
                        {move || {
                            let (reviews, _) = sessions.get();
                            let r: Vec<&PlanReview> = reviews.iter().collect();
                            latest_progress(&p, &r).into_iter().map(|(g, pr)| view! {
                                <tr>
                                    <td>{g.text.clone()}</td>
                                    <td>{g.measure.clone()}</td>
                                    <td>{g.due.map(short_date).unwrap_or_default()}</td>
                                    <td>{format!("{} of 6", passes(&smart_check(g, &p, today)))}</td>
                                    <td>{pr.map_or("Not reviewed yet", Progress::label)}</td>
                                </tr>
                            }).collect::<Vec<_>>()
                        }}
                    </tbody>
                </table>
            </div>
        </section>
        <section class="panel" aria-labelledby="support-title" data-testid="plan-ledger">
            <h2 id="support-title">"Support: promised and delivered"</h2>
            {move || {
                let (reviews, _) = sessions.get();
                let r: Vec<&PlanReview> = reviews.iter().collect();
                let l = ledger(&p2, &r, today);
                view! {
                    <p data-testid="ledger-words">{l.words()}</p>
                    <ul class="ledger">
                        {l.rows.into_iter().map(|row| {
                            let state_words = match (row.delivered, row.overdue) {
                                (Some(d), _) => format!("delivered (recorded {})", short_date(d)),
                                (None, true) => "not delivered, overdue".to_string(),
                                (None, false) => "not delivered yet".to_string(),
                            };
                            view! {
                                <li class:overdue=row.overdue>
                                    {format!("{}, by {}: ", row.text, row.by.map(short_date).unwrap_or_default())}
                                    <span class=if row.delivered.is_some() { "badge ok" } else if row.overdue { "badge bad" } else { "badge" }>{state_words}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
            }}
        </section>
        <section class="panel" aria-labelledby="reviews-title" data-testid="plan-reviews">
            <h2 id="reviews-title">"Review sessions"</h2>
            {move || {
                let (reviews, _) = sessions.get();
                let next = p3.next_review(reviews.len());
                view! {
                    <p data-testid="next-review">{match next {
                        Some(d) => format!("Next review: {} ({}).", long_date(d), p3.every.label().to_lowercase()),
                        None if p3.is_closed() => "The plan is closed.".to_string(),
                        None => "Every scheduled review is held.".to_string(),
                    }}</p>
                    {reviews.into_iter().rev().map(|r| {
                        let p = p3.clone();
                        view! {
                            <article class="plan-review" data-testid="plan-review">
                                <h3>{long_date(r.on)}</h3>
                                <ul>
                                    {r.goals.iter().map(|g| {
                                        let title = p.goals.iter().find(|x| x.id == g.goal).map_or("A removed goal".to_string(), |x| x.text.clone());
                                        view! { <li>{format!("{title}: {}", g.progress.map_or("not rated", Progress::label))}{(!g.note.is_empty()).then(|| format!(" ({})", g.note))}</li> }
                                    }).collect_view()}
                                </ul>
                                <p>{format!("Support delivered: {} of {}.", r.support.iter().filter(|d| d.delivered).count(), r.support.len())}</p>
                                {(!r.next_steps.is_empty()).then(|| view! { <p>{format!("Next steps: {}", r.next_steps)}</p> })}
                            </article>
                        }
                    }).collect_view()}
                }
            }}
        </section>
    }
}

/// Receipt of the current version: who acknowledged it, when and where; the form to
/// acknowledge it when that is still to do.
#[component]
fn AckPanel(
    plan: Memo<Option<(u64, Plan)>>,
    sessions: Memo<(Vec<PlanReview>, Vec<PlanAck>)>,
    plan_id: String,
    name: String,
    own: bool,
    manager: bool,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let response = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let status_name = name.clone();
    let status = move || {
        let (_, acks) = sessions.get();
        let a: Vec<&PlanAck> = acks.iter().collect();
        plan.get().map(|(_, p)| {
            (
                ack_line(&p, &a, &status_name),
                acknowledged(&p, &a).is_some(),
                p.is_closed(),
            )
        })
    };
    let who = name.clone();
    let acknowledge = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((_, p)) = plan.get_untracked() else {
            return;
        };
        let Some(v) = p.current() else { return };
        let ack = PlanAck {
            plan: plan_id.clone(),
            person: p.person.clone(),
            version: v.number,
            fingerprint: v.fingerprint.clone(),
            on: now().date(),
            // Given on the manager's device, member mode included.
            at_manager: state.role() == crate::domain::scope::Role::Manager,
            response: response.get_untracked().trim().to_string(),
        };
        let errs = ack.problems();
        if !errs.is_empty() {
            return errors.show("ack", errs);
        }
        if let SaveOutcome::Saved(_) | SaveOutcome::InMemoryOnly(_) =
            state.save(None, Body::PlanAck(ack))
        {
            response.set(String::new());
            state.say("Receipt acknowledged. It stays in the plan's history, with the response.");
        }
    };
    let label = if own {
        "Your response (optional)".to_string()
    } else {
        format!("{}'s response (optional)", first_name(&who))
    };
    view! {
        <section class="panel ack" aria-labelledby="ack-title" data-testid="plan-ack">
            <h2 id="ack-title">"Acknowledgement of receipt"</h2>
            {move || status().map(|(line, done, closed)| view! {
                <p data-testid="ack-status" class:ok=done>{line}</p>
                {(!done && !closed && (own || manager)).then(|| view! {
                    <form on:submit=acknowledge.clone() class="no-print" data-testid="ack-form">
                        <p class="hint">{ACK_MEANING}</p>
                        {(!own).then(|| view! { <p class="hint">"On this device: only with the person here, reading it with you."</p> })}
                        <TextArea id="ack-response" label=label.clone() value=response error=errors.of("response") />
                        <button type="submit" class="primary" data-testid="acknowledge">"Acknowledge receipt"</button>
                    </form>
                })}
            })}
        </section>
    }
}

/// One review session: progress per goal, each commitment delivered or not, next steps.
#[component]
fn ReviewForm(plan_id: String, plan: Plan, on_done: Callback<()>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let today = now().date();
    let errors = FormErrors::new();
    let on = RwSignal::new(today.to_string());
    let goals: Vec<(String, String, RwSignal<String>, RwSignal<String>)> = plan
        .goals
        .iter()
        .map(|g| {
            (
                g.id.clone(),
                g.text.clone(),
                RwSignal::new(String::new()),
                RwSignal::new(String::new()),
            )
        })
        .collect();
    let support: Vec<(String, String, RwSignal<bool>)> = plan
        .support
        .iter()
        .map(|s| (s.id.clone(), s.text.clone(), RwSignal::new(false)))
        .collect();
    let next = RwSignal::new(String::new());
    let (g2, s2) = (goals.clone(), support.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut r = PlanReview::new(&plan_id, &plan, today);
        let mut errs = vec![];
        match parse_iso(&on.get_untracked()) {
            Some(d) => r.on = d,
            None => errs.push(FieldError::new(
                "review_on",
                "Enter the day it was held, e.g. 2026-12-01.",
            )),
        }
        for (gp, (_, _, progress, note)) in r.goals.iter_mut().zip(&g2) {
            gp.progress = Progress::from_key(&progress.get_untracked());
            gp.note = note.get_untracked().trim().to_string();
        }
        for (d, (_, _, delivered)) in r.support.iter_mut().zip(&s2) {
            d.delivered = delivered.get_untracked();
        }
        r.next_steps = next.get_untracked().trim().to_string();
        errs.extend(r.problems(&plan, Some(today)));
        if !errs.is_empty() {
            return errors.show("review", errs);
        }
        if let SaveOutcome::Saved(_) | SaveOutcome::InMemoryOnly(_) =
            state.save(None, Body::PlanReview(r))
        {
            state.say("Review recorded.");
            on_done.run(());
        }
    };
    let options: Vec<(&'static str, &'static str)> = std::iter::once(("", "Choose"))
        .chain(Progress::ALL.iter().map(|p| (p.key(), p.label())))
        .collect();
    view! {
        <form class="panel" on:submit=submit novalidate data-testid="review-form" aria-labelledby="review-title">
            <h2 id="review-title">"Record a review session"</h2>
            <TextField id="review-review_on" label="Held on" kind="date" value=on error=errors.of("review_on") />
            <fieldset id="review-review_goals" tabindex="-1" aria-describedby="review-goals-error">
                <legend>"Progress per goal"</legend>
                {goals.into_iter().enumerate().map(|(n, (gid, text, progress, note))| view! {
                    <div class="review-goal">
                        <SelectField id=format!("review-goal-{gid}") label=format!("Goal {}: {text}", n + 1) value=progress options=options.clone() error=no_error() />
                        <TextField id=format!("review-goal-{gid}-note") label=format!("Note on goal {}", n + 1) value=note error=no_error() />
                    </div>
                }).collect_view()}
                <p class="field-error" id="review-goals-error">{move || errors.of("review_goals").get()}</p>
            </fieldset>
            <fieldset>
                <legend>"Support delivered so far"</legend>
                {support.into_iter().map(|(sid, text, delivered)| {
                    let box_id = format!("delivered-{sid}");
                    view! {
                        <label class="check">
                            <input type="checkbox" id=box_id prop:checked=move || delivered.get() on:change=move |ev| delivered.set(event_target_checked(&ev)) />
                            " " {text}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <TextArea id="review-next_steps" label="Next steps" value=next error=errors.of("next_steps") />
            <div class="actions">
                <button type="submit" class="primary">"Save the review"</button>
                <button type="button" on:click=move |_| on_done.run(())>"Cancel"</button>
            </div>
        </form>
    }
}

/// The outcome: successful (with how it is kept up), extended (a new end date and the reason:
/// a new version) or not successful.
#[component]
fn CloseForm(
    plan_id: String,
    rev: u64,
    plan: Plan,
    name: String,
    on_done: Callback<()>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let today = now().date();
    let errors = FormErrors::new();
    let outcome = RwSignal::new(String::new());
    let summary = RwSignal::new(String::new());
    let sustain = RwSignal::new(String::new());
    let to = RwSignal::new(plan.end.add_days(14).to_string());
    let reason = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = Outcome::from_key(&outcome.get_untracked());
        let next = if chosen == Some(Outcome::Extended) {
            let Some(d) = parse_iso(&to.get_untracked()) else {
                return errors.show(
                    "close",
                    vec![FieldError::new(
                        "extend_to",
                        "Enter the new end date, e.g. 2027-01-31.",
                    )],
                );
            };
            match plan.extend(d, &reason.get_untracked(), today) {
                Ok(p) => p,
                Err(errs) => return errors.show("close", errs),
            }
        } else {
            let closing = chosen.map(|o| Closing {
                outcome: o,
                on: today,
                summary: summary.get_untracked().trim().to_string(),
                sustain: sustain.get_untracked().trim().to_string(),
            });
            let errs = plan.close_problems(closing.as_ref());
            if !errs.is_empty() {
                return errors.show("close", errs);
            }
            let mut p = plan.clone();
            p.closed = closing;
            p
        };
        if let SaveOutcome::Saved(_) | SaveOutcome::InMemoryOnly(_) =
            state.save(Some((plan_id.clone(), rev)), Body::ImprovementPlan(next))
        {
            on_done.run(());
            state.say(match chosen {
                Some(Outcome::Extended) => {
                    "Extended: a new version, which needs a new acknowledgement of receipt."
                }
                _ => "Outcome recorded. The plan is closed and read-only.",
            });
        }
    };
    let options: Vec<(&'static str, &'static str)> = std::iter::once(("", "Choose the outcome"))
        .chain(Outcome::ALL.iter().map(|o| (o.key(), o.label())))
        .collect();
    view! {
        <section class="panel" aria-labelledby="close-title" data-testid="close-form">
            <h2 id="close-title">{format!("Record the outcome of {}'s plan", first_name(&name))}</h2>
                <form on:submit=submit novalidate>
                    <SelectField id="close-outcome" label="Outcome" value=outcome options=options.clone() error=errors.of("outcome") />
                    <Show when=move || outcome.get() == "extended" fallback=move || view! {
                        <TextArea id="close-summary" label="Summary" value=summary error=errors.of("summary") />
                        <Show when=move || outcome.get() == "successful">
                            <TextArea id="close-sustain" label="How it will be kept up" value=sustain error=errors.of("sustain")
                                hint="What stays in the 1:1s, and for how long." />
                        </Show>
                    }>
                        <TextField id="close-extend_to" label="New end date" kind="date" value=to error=errors.of("extend_to") />
                        <TextArea id="close-extend_reason" label="Reason for extending" value=reason error=errors.of("extend_reason") />
                    </Show>
                    <div class="actions">
                        <button type="submit" class="primary" data-testid="save-outcome">"Save"</button>
                        <button type="button" on:click=move |_| on_done.run(())>"Cancel"</button>
                    </div>
                </form>
        </section>
    }
}
