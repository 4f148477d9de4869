//! The quarterly system review (method 8.2): on `/insights` (and on Home when one is due or its
//! action is open), whether this quarter's review is due, the open action and the past
//! reviews; at `/insights/system-review`, the guided review: the tier scores then and now, what
//! to keep, stop and change, and the weakest measure as an action with an owner and a day.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::domain::dates::{parse_iso, short_date, Date};
use crate::domain::health::{score, weakest, Tier};
use crate::domain::system_review::{
    action_state, action_text, changes, due, suggested_action, with_outcome, Action, ActionOutcome,
    ActionState, SystemReview, ACTION_MAX,
};
use crate::domain::FieldError;
use crate::store::Body;
use crate::ui::components::{ChoiceField, FormErrors, TableScroll, TextArea, TextField};
use crate::ui::href;
use crate::ui::lookup::{as_manager, person_name};
use crate::ui::router::use_navigate;
use crate::ui::state::{now, AppState};

use super::health::{health_of, score_text};
use super::Gathered;

type Reviews = Vec<(String, u64, SystemReview)>;

fn reviews_of(state: AppState) -> Memo<Reviews> {
    Memo::new(move |_| {
        state.repo.with(|r| {
            Gathered::of(r)
                .system_reviews
                .into_iter()
                .map(|(id, rev, x)| (id.to_string(), rev, x))
                .collect()
        })
    })
}

fn owner_name(state: AppState, owner: &str) -> String {
    if owner.is_empty() {
        "The manager".into()
    } else {
        person_name(state, owner)
    }
}

/// Whether a review is due, the open actions, and (unless `compact`) every past review.
/// Compact (Home) draws nothing when no review is due and no action is open.
#[component]
pub fn SystemReviews(compact: bool) -> impl IntoView {
    let state = expect_context::<AppState>();
    let all = reviews_of(state);
    let manager = as_manager(state);
    move || {
        let today = now().date();
        let list = all.get();
        let refs: Vec<&SystemReview> = list.iter().map(|(_, _, r)| r).collect();
        let is_due = due(&refs, today);
        let open: Vec<(String, u64, SystemReview)> = list
            .iter()
            .filter(|(_, _, r)| r.action.done.is_none())
            .cloned()
            .collect();
        if compact && (open.is_empty() && is_due.is_none() || !manager && open.is_empty()) {
            return ().into_any();
        }
        let past = (!compact).then(|| {
            if list.is_empty() {
                return view! { <p class="empty">"No system review yet."</p> }.into_any();
            }
            view! {
                <h3>"Past reviews"</h3>
                <ul class="system-reviews">
                    {list.iter().rev().map(|(_, _, r)| view! {
                        <li data-testid="system-review">
                            <h4>{format!("{} review, {}", r.quarter(), short_date(r.on))}</h4>
                            <ul class="hint">{changes(&r.before, &r.now).into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                            <dl class="ksc">
                                {(!r.keep.is_empty()).then(|| view! { <dt>"Keep"</dt><dd>{r.keep.clone()}</dd> })}
                                {(!r.stop.is_empty()).then(|| view! { <dt>"Stop"</dt><dd>{r.stop.clone()}</dd> })}
                                {(!r.change.is_empty()).then(|| view! { <dt>"Change"</dt><dd>{r.change.clone()}</dd> })}
                                <dt>"Action"</dt>
                                <dd>{format!("{} {} · {}.", r.action.text, owner_name(state, &r.action.owner), action_text(&r.action, today))}
                                    {(!r.action.outcome.is_empty()).then(|| format!(" Outcome: {}", r.action.outcome))}</dd>
                            </dl>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        });
        view! {
            <section class="panel" aria-labelledby="sysrev-title" data-testid="system-reviews">
                <div class="panel-head">
                    <h2 id="sysrev-title">"System review"</h2>
                    {(manager && is_due.is_some()).then(|| view! {
                        <A href=href("/insights/system-review") attr:class="button primary" attr:data-testid="start-system-review">"Hold this quarter's review"</A>
                    })}
                </div>
                <p class="hint" data-testid="system-review-due">{is_due.clone().unwrap_or_else(|| "This quarter's review is held. The next is due when the quarter turns.".into())}</p>
                {open.into_iter().map(|(id, _, r)| view! { <OpenAction id r manager /> }).collect_view()}
                {past}
            </section>
        }
        .into_any()
    }
}

/// An open improvement action: where it stands, and (for the manager) marking it done.
#[component]
fn OpenAction(id: String, r: SystemReview, manager: bool) -> impl IntoView {
    let state = expect_context::<AppState>();
    let today = now().date();
    let outcome = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let open = RwSignal::new(false);
    let late = matches!(action_state(&r.action, today), ActionState::Late(_));
    let text = format!(
        "{}: {} · {}.",
        owner_name(state, &r.action.owner),
        r.action.text,
        action_text(&r.action, today)
    );
    let done = move |_| {
        let today = now().date();
        let o = ActionOutcome {
            review: id.clone(),
            on: today,
            outcome: outcome.get_untracked().trim().to_string(),
        };
        // The review's rules with it: not done before the review, the outcome not too long.
        let errs = with_outcome(&r, &[&o]).problems(Some(today));
        if !errs.is_empty() {
            return errors.show("sysrev-done", errs);
        }
        state.save_saying(
            None,
            Body::ActionOutcome(o),
            "The improvement action is done: it stays in the review's history.",
        );
    };
    view! {
        <div class="sysrev-action" class:late=late data-testid="system-review-action">
            <p><span class="badge">{if late { "Late" } else { "Improvement action" }}</span>" "{text}</p>
            {manager.then(|| view! {
                <button type="button" data-testid="action-done-open" aria-expanded=move || if open.get() { "true" } else { "false" } on:click=move |_| open.update(|o| *o = !*o)>"Mark it done"</button>
                <Show when=move || open.get()>
                    <TextArea id="sysrev-done-outcome" label="What came of it (optional)" value=outcome error=errors.of("outcome") />
                    <p class="field-error">{move || errors.of("done").get()}</p>
                    <button type="button" class="primary" data-testid="action-done" on:click=done.clone()>"Done"</button>
                </Show>
            })}
        </div>
    }
}

/// `/insights/system-review`: the guided quarterly review.
#[component]
pub fn SystemReviewPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let today = now().date();
    // The scores now and the measures; before: the last review's, or the last quarter's end.
    let ((measures, history), last) = state.repo.with_untracked(|r| {
        let g = Gathered::of(r);
        let last = g.system_reviews.last().map(|(_, _, x)| x.now);
        (health_of(&g, today, 1), last)
    });
    let now_scores: [Option<u8>; 3] = [0, 1, 2].map(|i| score(&measures, Tier::ALL[i]));
    let before: [Option<u8>; 3] = last.unwrap_or_else(|| {
        let h = history.len();
        let prev = history.get(h.saturating_sub(2)).map(|(_, s)| s.clone()).unwrap_or_default();
        [0, 1, 2].map(|i| prev.get(i).copied().flatten())
    });
    let since = if last.is_some() { "Last review" } else { "End of last quarter" };
    let weak = weakest(&measures).cloned();
    let keep = RwSignal::new(String::new());
    let stop = RwSignal::new(String::new());
    let change = RwSignal::new(String::new());
    let action = RwSignal::new(weak.as_ref().map(suggested_action).unwrap_or_default());
    let owner = RwSignal::new(String::new());
    let due_on = RwSignal::new(today.add_days(30).to_string());
    let errors = FormErrors::new();
    let people = Memo::new(move |_| {
        let mut v = vec![(String::new(), "The manager (me)".to_string())];
        state.repo.with(|r| {
            v.extend(
                r.people()
                    .into_iter()
                    .filter(|(_, p)| !p.archived)
                    .map(|(rec, p)| (rec.id.clone(), p.name.clone())),
            )
        });
        v
    });
    let navigate = use_navigate();
    let measure_key = weak.as_ref().map(|m| m.key.to_string()).unwrap_or_default();
    let save = move |_| {
        let day: Option<Date> = parse_iso(&due_on.get_untracked());
        let Some(due) = day else {
            return errors.show("sysrev", vec![FieldError::new("due", "Enter a day, e.g. 2027-01-15.")]);
        };
        let review = SystemReview {
            on: today,
            before,
            now: now_scores,
            keep: keep.get_untracked().trim().into(),
            stop: stop.get_untracked().trim().into(),
            change: change.get_untracked().trim().into(),
            action: Action {
                measure: measure_key.clone(),
                text: action.get_untracked().trim().into(),
                owner: owner.get_untracked(),
                due,
                done: None,
                outcome: String::new(),
            },
        };
        let errs = review.problems(Some(today));
        if !errs.is_empty() {
            return errors.show("sysrev", errs);
        }
        if state.save_saying(
            None,
            Body::SystemReview(review),
            "The system review is saved, with its improvement action.",
        ) {
            navigate("/insights#sysrev-title");
        }
    };
    let rows = Tier::ALL
        .iter()
        .enumerate()
        .map(|(i, t)| view! {
            <tr><th scope="row">{t.name()}</th><td class="count">{score_text(before[i])}</td><td class="count">{score_text(now_scores[i])}</td></tr>
        })
        .collect_view();
    view! {
        <article class="insights" data-testid="system-review-page">
            <header class="page-head">
                <div>
                    <p class="crumb"><A href=href("/insights")>"Insights"</A></p>
                    <h1>{format!("System review, {}", crate::domain::GoalLevel::Tactical.period_on(today).label())}</h1>
                    <p class="sub">"Once a quarter: how the system itself is doing, what to keep, stop and change, and one improvement to make."</p>
                </div>
            </header>
            <section class="panel" aria-labelledby="sr-scores">
                <h2 id="sr-scores">"1. The tiers then and now"</h2>
                <TableScroll label="Tier scores then and now">
                <table class="sr-scores" data-testid="sr-scores">
                    <thead><tr><th scope="col">"Tier"</th><th scope="col">{since}</th><th scope="col">"Today"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                </TableScroll>
                <ul class="hint">{changes(&before, &now_scores).into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                <p><A href=href("/insights#health-title") attr:class="button">"Every measure behind the scores"</A></p>
            </section>
            <section class="panel" aria-labelledby="sr-ksc">
                <h2 id="sr-ksc">"2. Keep, stop, change"</h2>
                <p class="hint">"Ask the team first. At least one of the three."</p>
                <TextArea id="sysrev-keep" label="What works and should stay" value=keep error=errors.of("keep") />
                <TextArea id="sysrev-stop" label="What to stop" value=stop error=errors.of("stop") />
                <TextArea id="sysrev-change" label="What to change" value=change error=errors.of("change") />
            </section>
            <section class="panel" aria-labelledby="sr-action">
                <h2 id="sr-action">"3. One improvement action"</h2>
                <p class="hint" data-testid="sr-weakest">{match &weak {
                    Some(m) => format!("The weakest measure today: {} ({}). {}", m.name, m.detail, m.thresholds()),
                    None => "Every measure is healthy: choose what to improve next.".into(),
                }}</p>
                <TextArea id="sysrev-action" label="The action" value=action error=errors.of("action") hint=format!("What will be done, in a sentence or two; at most {ACTION_MAX} characters.") />
                <ChoiceField id="sysrev-owner" label="Owner" value=owner options=people />
                <TextField id="sysrev-due" label="Due" kind="date" value=due_on error=errors.of("due") />
                <button type="button" class="primary" data-testid="save-system-review" on:click=save>"Save the review"</button>
            </section>
        </article>
    }
}
