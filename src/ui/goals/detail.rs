//! A goal's page: progress and pace, the chart, recording an update, setting the status by
//! hand, its milestones, history and the goals aligned to it.
use leptos::prelude::*;
use leptos_router::components::A;

use super::{
    goal_rows, goal_set, goals_loaded, name_of, owner_names, GoalLineItem, GoalRow, ProgressBar,
};
use crate::domain::dates::long_date;
use crate::domain::goal::{
    parse_number, progress, progress_history, record_update, ManualStatus, ProgressSource,
    ProgressUpdate, Status,
};
use crate::domain::goal_report::{line_of, measure_text, percent};
use crate::domain::{FieldError, Goal};
use crate::store::Body;
use crate::ui::components::chart::ProgressChart;
use crate::ui::components::{FormErrors, TableScroll};
use crate::ui::href;
use crate::ui::people::NotFound;
use crate::ui::state::{now, AppState, SaveOutcome};

#[component]
pub fn GoalPage(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = goal_rows(state);
    let loaded = goals_loaded(state);
    let found = Memo::new(move |_| rows.with(|r| r.iter().find(|(i, _, _)| *i == id).cloned()));
    view! {
        {move || match (found.get(), loaded.get()) {
            (Some(row), _) => view! { <GoalDetails row rows /> }.into_any(),
            (None, false) => view! { <p class="empty">"Loading goals…"</p> }.into_any(),
            (None, true) => view! { <NotFound what="goal" /> }.into_any(),
        }}
    }
}

/// Saves a new version of a goal from its page; a conflict with another tab is reported, not
/// overwritten (the page then shows the other version, and the user can redo the change).
fn save_goal(state: AppState, id: &str, rev: u64, goal: Goal) -> Result<(), String> {
    match state.save(Some((id.to_string(), rev)), Body::Goal(goal)) {
        SaveOutcome::Saved(_) | SaveOutcome::InMemoryOnly(_) => Ok(()),
        SaveOutcome::Conflict(_) => Err("This goal changed in another tab meanwhile; the page now shows that version. Enter your update again.".into()),
        SaveOutcome::Missing => Err("This goal was removed in another tab.".into()),
        SaveOutcome::NotAllowed => Err(crate::ui::state::NOT_YOURS.into()),
    }
}

#[component]
fn GoalDetails(row: GoalRow, rows: Memo<Vec<GoalRow>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let names = owner_names(state);
    let today = now().date();
    let (id, rev, goal) = row;
    let (prog, parent, children) = rows.with_untracked(|r| {
        let set = goal_set(r);
        let parent = goal
            .aligned_to
            .as_ref()
            .and_then(|p| set.get(p).map(|g| (p.clone(), g.title.clone())));
        // Lines for the goals aligned to this one only, not for the whole set.
        let children: Vec<_> = set
            .children(&id)
            .into_iter()
            .filter_map(|(cid, _)| line_of(cid, &set, today))
            .collect();
        (progress(&id, &set), parent, children)
    });
    let pace = crate::domain::goal::pace(&goal, prog.value, today);
    let owner = goal.owner.clone();
    let history = progress_history(&goal);
    let chart = match (
        goal.starts_on(),
        goal.due,
        history.len() > 1 || goal.measure.is_some(),
    ) {
        (Some(start), Some(due), true) if due > start => {
            Some(view! { <ProgressChart points=history start due today /> })
        }
        _ => None,
    };
    let source = match prog.source {
        ProgressSource::Own => measure_text(&goal),
        ProgressSource::Children => "Rolled up from the goals aligned to it, by weight.".into(),
        ProgressSource::None => {
            "Nothing measures this goal yet: add a measure, or align goals to it.".into()
        }
    };
    let edit = href(&format!("/goals/{id}/edit"));
    let toggle_archive = {
        let (id, goal) = (id.clone(), goal.clone());
        move |_| {
            let archived = !goal.archived;
            match save_goal(
                state,
                &id,
                rev,
                Goal {
                    archived,
                    ..goal.clone()
                },
            ) {
                Ok(()) if archived => state
                    .say("Archived. Find it again with \u{201c}Show archived\u{201d} in Goals."),
                Ok(()) => state.say("Restored."),
                Err(message) => state.say(message),
            }
        }
    };
    let add_child = href(&format!("/goals/new?parent={id}"));
    // Who reads it, and for a person's goal, sharing it with the team (or keeping it theirs).
    let scope = {
        let id = id.clone();
        Memo::new(move |_| {
            state
                .repo
                .with(|r| r.get(&id).map(|rec| rec.scope.clone()))
                .unwrap_or(crate::domain::scope::Scope::Team)
        })
    };
    let own_scope = crate::domain::scope::Scope::of_person(&goal.owner);
    let shareable = own_scope != crate::domain::scope::Scope::Team
        && state.role() == crate::domain::scope::Role::Manager;
    let owner_first =
        crate::ui::lookup::first_name(&crate::ui::lookup::person_name(state, &goal.owner))
            .to_string();
    let toggle_share = {
        let (id, own) = (id.clone(), own_scope.clone());
        move |_| {
            let target = if scope.get_untracked() == own {
                crate::domain::scope::Scope::Team
            } else {
                own.clone()
            };
            let shared = target == crate::domain::scope::Scope::Team;
            let result = state
                .repo
                .try_update(|r| r.set_scope(&id, target, rev, now()))
                .expect("the repository lives as long as the app");
            match result {
                Ok(_) if shared => state.say(
                    "Shared with the whole team: every member's device gets it at the next sync.",
                ),
                Ok(_) => state.say(
                    "Back to its owner and you: the team's devices no longer get its changes.",
                ),
                Err(_) => state.say(
                    "This goal changed in another tab meanwhile; the page now shows that version.",
                ),
            }
        }
    };
    let can_have_children = goal.level.is_above(crate::domain::GoalLevel::Operational);
    let updates: Vec<ProgressUpdate> = goal.updates.iter().rev().cloned().collect();
    let unit = goal
        .measure
        .as_ref()
        .map(|m| m.unit.clone())
        .unwrap_or_default();
    view! {
        <article class="goal-page" data-testid="goal-view">
            <header class="page-head">
                <div>
                    <p class="eyebrow">
                        <span class=format!("badge level-{}", goal.level.key())>{goal.level.label()}</span>
                        {move || names.with(|n| name_of(n, &owner))}
                        {goal.period.map(|p| format!(" · {}", p.label()))}
                        {goal.due.map(|d| format!(" · due {}", long_date(d)))}
                    </p>
                    <h1>{goal.title.clone()}</h1>
                    <crate::ui::components::Audience scope=scope />
                </div>
                <div class="actions">
                    <A href=edit attr:class="button" attr:data-testid="edit-goal">"Edit in the worksheet"</A>
                    {shareable.then(|| view! {
                        <button type="button" data-testid="share-goal" on:click=toggle_share.clone()>
                            {move || if scope.get() == crate::domain::scope::Scope::Team { format!("Keep it to {owner_first} and you") } else { "Share with the whole team".to_string() }}
                        </button>
                    })}
                    <button type="button" on:click=toggle_archive data-testid="archive-goal">
                        {if goal.archived { "Restore" } else { "Archive" }}
                    </button>
                </div>
            </header>
            {goal.archived.then_some(view! {
                <p class="inline-warning">"Archived: kept with its history, left out of lists, counts and roll-ups. Restore it to bring it back."</p>
            })}
            {parent.map(|(pid, title)| view! { <p class="link-line">"Serves " <A href=href(&format!("/goals/{pid}"))>{title}</A></p> })}
            {goal.carried_from.clone().map(|from| view! { <p class="link-line"><A href=href(&format!("/goals/{from}"))>"Carried over from the previous period"</A></p> })}
            <section class="panel progress-panel" aria-labelledby="progress-title">
                <h2 id="progress-title">"Progress"</h2>
                <div class="goal-progress big">
                    <ProgressBar progress=prog.value />
                    <span class="pct" data-testid="detail-progress">{percent(prog.value)}</span>
                    <span class=format!("status status-{}", pace.status.key()) data-testid="detail-status">{pace.status.label()}</span>
                </div>
                <p data-testid="pace-explanation">{pace.explanation.clone()}</p>
                <p class="hint">{source}</p>
                {prog.notes.iter().map(|n| view! { <p class="hint">{n.clone()}</p> }).collect_view()}
                {goal.confidence.map(|c| view! { <p>{format!("Confidence: {c} of 10")}</p> })}
                {chart}
            </section>
            <UpdateForm id=id.clone() rev goal=goal.clone() unit />
            <StatusForm id=id.clone() rev goal=goal.clone() />
            {(!goal.description.is_empty() || !goal.relevance.is_empty()).then(|| view! {
                <section class="panel">
                    <h2>"About"</h2>
                    {(!goal.description.is_empty()).then(|| view! { <p class="prewrap">{goal.description.clone()}</p> })}
                    {(!goal.relevance.is_empty()).then(|| view! { <p class="prewrap"><strong>"Why it matters: "</strong>{goal.relevance.clone()}</p> })}
                </section>
            })}
            {(!goal.milestones.is_empty()).then(|| view! {
                <section class="panel">
                    <h2>"Milestones"</h2>
                    <ul class="milestones">
                        {goal.milestones.iter().map(|m| view! {
                            <li class:done=m.done_on.is_some()>
                                {m.title.clone()}
                                {m.due.map(|d| format!(" · due {}", long_date(d)))}
                                {m.done_on.map(|d| format!(" · done {}", long_date(d)))}
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
            {can_have_children.then(|| view! {
                <section class="panel" aria-labelledby="children-title">
                    <header class="section-head">
                        <h2 id="children-title">"Aligned goals"</h2>
                        <A href=add_child attr:class="button" attr:data-testid="add-aligned">"Add an aligned goal"</A>
                    </header>
                    {if children.is_empty() {
                        view! { <p class="empty">"No goals serve this one yet."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="goal-tree">
                                {children.into_iter().map(|c| {
                                    let w = match c.goal.weight { Some(w) => format!("Weight {w} %"), None => "Shares the remaining weight".into() };
                                    view! {
                                        <GoalLineItem line=c names />
                                        <li class="weight-note">{w}</li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
            })}
            <section class="panel" aria-labelledby="history-title">
                <h2 id="history-title">"History"</h2>
                {if updates.is_empty() {
                    view! { <p class="empty">"No updates yet."</p> }.into_any()
                } else {
                    view! {
                        <TableScroll label="Progress history">
                            <table data-testid="goal-history">
                                <thead><tr><th scope="col">"Date"</th><th scope="col">"Update"</th><th scope="col">"Confidence"</th><th scope="col">"Note"</th></tr></thead>
                                <tbody>
                                    {updates.into_iter().map(|u| view! {
                                        <tr>
                                            <td>{long_date(u.on)}{u.by_self.then_some(" (self-reported)")}</td>
                                            <td>{u.value.map(crate::domain::goal::format_number).or(u.milestone.map(|m| format!("Done: {m}"))).unwrap_or_default()}</td>
                                            <td>{u.confidence.map(|c| c.to_string())}</td>
                                            <td class="prewrap">{u.note}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </TableScroll>
                    }.into_any()
                }}
            </section>
        </article>
    }
}

/// Recording progress: a new reading or a milestone reached, a confidence, a note.
#[component]
fn UpdateForm(id: String, rev: u64, goal: Goal, unit: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let value = RwSignal::new(String::new());
    let milestone = RwSignal::new(String::new());
    let confidence = RwSignal::new(goal.confidence.map(|c| c.to_string()).unwrap_or_default());
    let note = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let has_measure = goal.measure.is_some();
    let open: Vec<String> = goal
        .milestones
        .iter()
        .filter(|m| m.done_on.is_none())
        .map(|m| m.title.clone())
        .collect();
    let has_open = !open.is_empty();
    let current = goal
        .measure
        .as_ref()
        .map(|m| crate::domain::goal::format_number(m.current));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut problems = vec![];
        let v = value.get_untracked();
        let parsed = if v.trim().is_empty() {
            None
        } else {
            let n = parse_number(&v);
            if n.is_none() {
                problems.push(FieldError::new(
                    "value",
                    "The new value must be a number, like 7.9 or 1,250.",
                ));
            }
            n
        };
        let c = confidence.get_untracked();
        let conf = if c.is_empty() {
            None
        } else {
            c.parse::<u8>().ok()
        };
        // In member mode, the goal's owner recording their own progress.
        let by_self = state.me.get_untracked().is_some_and(|me| me == goal.owner);
        let update = ProgressUpdate {
            on: now().date(),
            value: parsed,
            milestone: Some(milestone.get_untracked()).filter(|m| !m.is_empty()),
            confidence: conf.filter(|c| Some(*c) != goal.confidence || parsed.is_none()),
            note: note.get_untracked().trim().to_string(),
            by_self,
        };
        if !problems.is_empty() {
            errors.show("update", problems);
            return;
        }
        match record_update(&goal, update) {
            Err(e) => errors.show("update", vec![e]),
            Ok(updated) => match save_goal(state, &id, rev, updated) {
                Ok(()) => {
                    errors.clear();
                    state.say("Progress recorded.");
                }
                Err(message) => errors.show("update", vec![FieldError::new("value", message)]),
            },
        }
    };
    view! {
        <section class="panel" aria-labelledby="update-title">
            <h2 id="update-title">"Record progress"</h2>
            <form on:submit=submit novalidate data-testid="update-form">
                {has_measure.then(|| view! {
                    <div class="field" class:has-error=move || errors.of("value").with(Option::is_some)>
                        <label for="update-value">{format!("New value{}", if unit.is_empty() { String::new() } else { format!(" ({unit})") })}</label>
                        <p class="hint" id="update-value-hint">{format!("Now {}.", current.clone().unwrap_or_default())}</p>
                        <input id="update-value" inputmode="decimal" aria-describedby="update-value-hint update-value-error"
                            prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
                        <p class="field-error" id="update-value-error">{move || errors.of("value").get()}</p>
                    </div>
                })}
                {(!has_measure).then(|| view! { <p class="field-error" id="update-value-error">{move || errors.of("value").get()}</p> })}
                {has_open.then(|| view! {
                    <div class="field">
                        <label for="update-milestone">"Milestone reached"</label>
                        <select id="update-milestone" on:change=move |ev| milestone.set(event_target_value(&ev))>
                            <option value="">"None"</option>
                            {open.into_iter().map(|m| view! { <option value=m.clone()>{m.clone()}</option> }).collect_view()}
                        </select>
                        <p class="field-error">{move || errors.of("milestone").get()}</p>
                    </div>
                })}
                <div class="field">
                    <label for="update-confidence">"Confidence (1-10)"</label>
                    <select id="update-confidence" prop:value=move || confidence.get() on:change=move |ev| confidence.set(event_target_value(&ev))>
                        <option value="">"Not given"</option>
                        {(1..=10).map(|n| view! { <option value=n.to_string() selected=move || confidence.with(|c| *c == n.to_string())>{n}</option> }).collect_view()}
                    </select>
                    <p class="field-error">{move || errors.of("confidence").get()}</p>
                </div>
                <div class="field">
                    <label for="update-note">"Note"</label>
                    <textarea id="update-note" rows="2" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                    <p class="field-error">{move || errors.of("note").get()}</p>
                </div>
                <button type="submit" class="primary" data-testid="record-update">"Record update"</button>
            </form>
        </section>
    }
}

/// The status is derived from pace unless set by hand, with a reason.
#[component]
fn StatusForm(id: String, rev: u64, goal: Goal) -> impl IntoView {
    let state = expect_context::<AppState>();
    let manual = goal.status.clone();
    let status = RwSignal::new(
        manual
            .as_ref()
            .map(|m| m.status.key().to_string())
            .unwrap_or_else(|| "at_risk".into()),
    );
    let reason = RwSignal::new(
        manual
            .as_ref()
            .map(|m| m.reason.clone())
            .unwrap_or_default(),
    );
    let errors = FormErrors::new();
    let (id2, goal2) = (id.clone(), goal.clone());
    let set = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let r = reason.get_untracked().trim().to_string();
        if r.is_empty() {
            errors.show("status", vec![FieldError::new("reason", "Say why you set it by hand, e.g. \u{201c}Main customer paused the project\u{201d}.")]);
            return;
        }
        let Some(s) = Status::from_key(&status.get_untracked()) else {
            return;
        };
        let updated = Goal {
            status: Some(ManualStatus {
                status: s,
                reason: r,
            }),
            ..goal.clone()
        };
        match save_goal(state, &id, rev, updated) {
            Ok(()) => state.say(format!("Status set to \u{201c}{}\u{201d}.", s.label())),
            Err(m) => errors.show("status", vec![FieldError::new("reason", m)]),
        }
    };
    let automatic = move |_| {
        let updated = Goal {
            status: None,
            ..goal2.clone()
        };
        if save_goal(state, &id2, rev, updated).is_ok() {
            state.say("Status follows pace again.");
        }
    };
    view! {
        <section class="panel" aria-labelledby="status-title">
            <h2 id="status-title">"Status"</h2>
            {match &manual {
                Some(_) => view! {
                    <p>"Set by hand. " <button type="button" on:click=automatic>"Follow pace again"</button></p>
                }.into_any(),
                None => view! { <p class="hint">"Follows pace: on track, at risk or off track from progress against the calendar. Set it by hand when you know better."</p> }.into_any(),
            }}
            <form on:submit=set novalidate class="inline-form">
                <div class="field">
                    <label for="status-status">"Status"</label>
                    <select id="status-status" prop:value=move || status.get() on:change=move |ev| status.set(event_target_value(&ev))>
                        {Status::ALL.into_iter().map(|s| view! { <option value=s.key() selected=move || status.with(|v| v == s.key())>{s.label()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field" class:has-error=move || errors.of("reason").with(Option::is_some)>
                    <label for="status-reason">"Reason"</label>
                    <input id="status-reason" aria-describedby="status-reason-error" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
                    <p class="field-error" id="status-reason-error">{move || errors.of("reason").get()}</p>
                </div>
                <button type="submit">"Set status"</button>
            </form>
        </section>
    }
}
