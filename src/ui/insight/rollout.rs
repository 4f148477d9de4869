//! The 90-day rollout (method 8.1): on Home, its progress and late tasks until day 90 (or, for a
//! team that has not held a 1:1 yet, the offer to start one); at `/rollout`, the six checklists
//! with each task's state, the evidence of those the app ticked, and a way to tick the rest by
//! hand with a note.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::domain::charter::acknowledged_count;
use crate::domain::dates::{parse_iso, short_date};
use crate::domain::feedback::FeedbackKind;
use crate::domain::timer::MeetingState;
use crate::domain::rollout::{
    states, summary, Done, Facts, Rollout, TaskState, Tick, BLOCKS, ROLLOUT_DAYS,
};
use crate::domain::GoalLevel;
use crate::store::Body;
use crate::ui::components::{FormErrors, TextField};
use crate::ui::href;
use crate::ui::lookup::as_manager;
use crate::ui::state::{now, AppState, SaveOutcome};

use super::Gathered;

/// What the rollout's automatic tasks read, from the records.
pub fn facts(g: &Gathered) -> Facts {
    let people: Vec<&str> = g
        .people
        .iter()
        .filter(|(_, p, _)| !p.archived)
        .map(|(id, _, _)| *id)
        .collect();
    let mut roles: Vec<String> = g
        .people
        .iter()
        .filter(|(_, p, _)| !p.archived && !p.role.trim().is_empty())
        .map(|(_, p, _)| p.role.trim().to_lowercase())
        .collect();
    roles.sort();
    roles.dedup();
    let roles_with_standards = roles
        .iter()
        .filter(|r| g.standards.iter().any(|s| s.applies_to(r)))
        .count();
    let levels_with_goals = GoalLevel::ALL
        .iter()
        .filter(|l| g.goals.iter().any(|(_, x, _)| x.level == **l && !x.archived))
        .count();
    let charter = g.charters.iter().copied().max_by_key(|c| c.number);
    let ids: Vec<String> = people.iter().map(|s| s.to_string()).collect();
    let acknowledged = charter.map_or(0, |c| acknowledged_count(c, &ids, &g.acks, None));
    let met = people
        .iter()
        .filter(|id| {
            g.check_ins
                .iter()
                .any(|c| c.person == **id && c.run.state == MeetingState::Finished)
        })
        .count();
    let reviewed = people
        .iter()
        .filter(|id| {
            g.reviews
                .iter()
                .any(|r| r.person == **id && r.run.state == MeetingState::Finished)
        })
        .count();
    let indicators_read = g
        .indicators
        .iter()
        .filter(|(id, _)| {
            g.reading_months
                .iter()
                .any(|m| m.indicator == *id && !m.readings.is_empty())
        })
        .count();
    let mut perspectives: Vec<_> = g.indicators.iter().map(|(_, i)| i.perspective).collect();
    perspectives.sort();
    perspectives.dedup();
    Facts {
        team_named: g.team.is_some_and(|t| !t.name.trim().is_empty()),
        people: people.len(),
        roles: roles.len(),
        roles_with_standards,
        authority_rows: g.authority.map_or(0, |a| a.areas.len()),
        levels_with_goals,
        charter_versions: g.charters.len(),
        acknowledged,
        met,
        recognitions: g
            .feedback
            .iter()
            .filter(|f| f.kind == FeedbackKind::Recognition)
            .count(),
        reviewed,
        indicators_read,
        perspectives: perspectives.len(),
    }
}

/// The hand ticks' records: (id, revision, task key).
type TickRecords = Vec<(String, u64, &'static str)>;

/// The rollout (id, revision, plan), its tasks' states today and the hand ticks' records; None
/// if there is none.
type Rolled = Option<(String, u64, Rollout, Vec<TaskState>, TickRecords)>;

fn rolled(state: AppState) -> Memo<Rolled> {
    Memo::new(move |_| {
        let today = now().date();
        state.repo.with(|r| {
            let g = Gathered::of(r);
            g.rollout.map(|(id, rev, ro)| {
                let ticks: Vec<&Tick> = g.rollout_ticks.iter().map(|(_, _, t)| *t).collect();
                let s = states(ro, &ticks, &facts(&g), today);
                let records = g
                    .rollout_ticks
                    .iter()
                    .filter_map(|(id, rev, t)| {
                        let task = s.iter().find(|x| x.task.key == t.task)?.task.key;
                        Some((id.to_string(), *rev, task))
                    })
                    .collect();
                (id.to_string(), rev, ro.clone(), s, records)
            })
        })
    })
}


/// Home: the rollout's progress and late tasks until day 90; or the offer to start one, for a
/// manager whose team has not held a 1:1 yet.
#[component]
pub fn RolloutProgress() -> impl IntoView {
    let state = expect_context::<AppState>();
    if !as_manager(state) {
        return ().into_any();
    }
    let data = rolled(state);
    let fresh = Memo::new(move |_| {
        state.repo.with(|r| {
            !r.live().any(|rec| matches!(&rec.body, Body::CheckIn(c) if c.run.state == MeetingState::Finished))
        })
    });
    (move || {
        let today = now().date();
        match data.get() {
            None if fresh.get() => view! {
                <section class="panel rollout-offer" aria-labelledby="rollout-offer-title" data-testid="rollout-offer">
                    <h2 id="rollout-offer-title">"Roll it out in 90 days"</h2>
                    <p>"Six two-week checklists take the team from today's habits to a system that runs itself: standards, goals, the first 1:1s, recognition, the first reviews. Trellis ticks what it can see."</p>
                    <A href=href("/rollout") attr:class="button primary">"Plan the rollout"</A>
                </section>
            }.into_any(),
            None => ().into_any(),
            Some((_, _, ro, _, _)) if ro.day(today) > ROLLOUT_DAYS => ().into_any(),
            Some((_, _, ro, s, _)) => {
                let done = s.iter().filter(|x| x.done.is_some()).count();
                let late: Vec<TaskState> = s.iter().filter(|x| x.late).cloned().collect();
                let day = ro.day(today).clamp(1, ROLLOUT_DAYS);
                let block = BLOCKS.iter().position(|b| day <= b.last_day).unwrap_or(5);
                view! {
                    <section class="panel rollout-home" aria-labelledby="rollout-home-title" data-testid="rollout-progress">
                        <div class="panel-head">
                            <h2 id="rollout-home-title">"The 90-day rollout"</h2>
                            <A href=href("/rollout") attr:class="button">"Open the roadmap"</A>
                        </div>
                        <p data-testid="rollout-summary">{summary(&ro, &s, today)}</p>
                        <progress max=s.len().to_string() value=done.to_string() aria-label=format!("{done} of {} tasks done", s.len())></progress>
                        <p class="hint">{format!("Now: {} ({}), until {}.", BLOCKS[block].name, BLOCKS[block].phase, short_date(ro.due(block)))}</p>
                        {(!late.is_empty()).then(|| view! {
                            <h3>"Late"</h3>
                            <ul class="rollout-late">
                                {late.into_iter().take(4).map(|t| view! {
                                    <li data-testid="rollout-late">{t.task.text}<span class="hint">{format!(" due {}", short_date(t.due))}</span></li>
                                }).collect_view()}
                            </ul>
                        })}
                    </section>
                }.into_any()
            }
        }
    })
    .into_any()
}

/// `/rollout`: start it, or follow it checklist by checklist.
#[component]
pub fn RolloutPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let data = rolled(state);
    view! {
        <article class="rollout" data-testid="rollout-page">
            <header class="page-head">
                <div>
                    <p class="crumb"><A href=href("/insights")>"Insights"</A></p>
                    <h1>"The 90-day rollout"</h1>
                    <p class="sub">"Three phases, six two-week checklists. Tasks Trellis can see tick themselves, with what it saw; tick the others when they are done."</p>
                </div>
            </header>
            {move || match data.get() {
                None => view! { <StartRollout target=None /> }.into_any(),
                Some((id, rev, ro, s, ticks)) => view! { <Roadmap id rev ro s ticks /> }.into_any(),
            }}
        </article>
    }
}

/// The start day, for a new rollout or to move an existing one.
#[component]
fn StartRollout(target: Option<(String, u64, Rollout)>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let moving = target.is_some();
    let start = RwSignal::new(
        target
            .as_ref()
            .map_or_else(|| now().date(), |(_, _, r)| r.start)
            .to_string(),
    );
    let errors = FormErrors::new();
    let go = move |_| {
        let today = now().date();
        let Some(day) = parse_iso(&start.get_untracked()) else {
            return errors.show("rollout", vec![crate::domain::FieldError::new("start", "Enter a day, e.g. 2026-12-07.")]);
        };
        if day.days_until(today) >= ROLLOUT_DAYS || today.days_until(day) > 60 {
            return errors.show("rollout", vec![crate::domain::FieldError::new("start", "Start within the last 90 days or the next 60.")]);
        }
        errors.clear();
        let (t, ro) = match &target {
            Some((id, rev, r)) => (Some((id.clone(), *rev)), Rollout { start: day, ..r.clone() }),
            None => (None, Rollout { start: day, ticks: vec![] }),
        };
        state.save_saying(t, Body::Rollout(ro), if moving { "The rollout's days are moved." } else { "The rollout has started: its checklists are below." });
    };
    view! {
        <section class="panel" aria-labelledby="rollout-start-title">
            <h2 id="rollout-start-title">{if moving { "Move the start day" } else { "When does it start?" }}</h2>
            {(!moving).then(|| view! {
                <p>"Each checklist gets its dates from the start day: Foundation on days 1-14, Design 15-30, Launch 31-44, Refinement 45-60, Integration 61-74, Evaluation 75-90. Progress shows on Home until day 90."</p>
            })}
            <TextField id="rollout-start" label="First day" kind="date" value=start error=errors.of("start") />
            <button type="button" class:primary=!moving data-testid="start-rollout" on:click=go>{if moving { "Move it" } else { "Start the rollout" }}</button>
        </section>
    }
}

#[component]
fn Roadmap(id: String, rev: u64, ro: Rollout, s: Vec<TaskState>, ticks: TickRecords) -> impl IntoView {
    let today = now().date();
    let done = s.iter().filter(|x| x.done.is_some()).count();
    let blocks = BLOCKS
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let mine: Vec<TaskState> = s.iter().filter(|x| x.task.block == i).cloned().collect();
            let finished = mine.iter().all(|x| x.done.is_some());
            let n_done = mine.iter().filter(|x| x.done.is_some()).count();
            let total = mine.len();
            let first = ro.start.add_days(b.first_day - 1);
            let tasks = mine
                .into_iter()
                .map(|t| {
                    let mine = ticks.iter().filter(|x| x.2 == t.task.key).map(|(id, rev, _)| (id.clone(), *rev)).collect();
                    view! { <TaskRow t ticks=mine /> }
                })
                .collect_view();
            view! {
                <details class="panel roadmap-block" open=!finished data-testid=format!("checklist-{i}")>
                    <summary>
                        <h2>{b.name}<span class="sub">{format!(" · {} · {}-{}", b.phase, short_date(first), short_date(ro.due(i)))}</span></h2>
                        <span class="badge">{if finished { "Done".to_string() } else { format!("{n_done} of {total}") }}</span>
                    </summary>
                    <p class="hint">{b.aim}</p>
                    <ul class="tasks">{tasks}</ul>
                </details>
            }
        })
        .collect_view();
    view! {
        <p class="rollout-summary" data-testid="rollout-summary">{summary(&ro, &s, today)}</p>
        <progress max=s.len().to_string() value=done.to_string() aria-label=format!("{done} of {} tasks done", s.len())></progress>
        {blocks}
        <StartRollout target=Some((id, rev, ro)) />
    }
}

/// One task; `ticks` are the records (id, revision) of its hand ticks.
#[component]
fn TaskRow(t: TaskState, ticks: Vec<(String, u64)>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key = t.task.key;
    let open = RwSignal::new(false);
    let note = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let prefix = format!("tick-{key}");
    let tick = move |_| {
        let t = Tick { task: key.into(), on: now().date(), note: note.get_untracked().trim().to_string() };
        let errs = t.problems();
        if !errs.is_empty() {
            return errors.show(&prefix, errs);
        }
        state.save_saying(None, Body::RolloutTick(t), "Ticked: the note is kept with the task.");
    };
    let undo = move |_| {
        let all_gone = ticks
            .iter()
            .all(|(id, rev)| matches!(state.delete(id, *rev), SaveOutcome::Saved(_) | SaveOutcome::InMemoryOnly(_)));
        if all_gone {
            state.say("The tick is taken back.");
        }
    };
    let (st, label) = match (&t.done, t.late) {
        (Some(_), _) => ("done", "Done"),
        (None, true) => ("late", "Late"),
        (None, false) => ("open", "To do"),
    };
    let how = match &t.done {
        Some(Done::Seen(e)) => Some(format!("Seen by Trellis: {e}.")),
        Some(Done::ByHand(on, n)) if n.is_empty() => Some(format!("Ticked on {}.", short_date(*on))),
        Some(Done::ByHand(on, n)) => Some(format!("Ticked on {}: {n}", short_date(*on))),
        None => t.missing.clone().map(|m| format!("Trellis will tick it when it sees it: {m}.")),
    };
    let by_hand = matches!(t.done, Some(Done::ByHand(..)));
    let due = t.due;
    view! {
        <li class=format!("task {st}") data-testid="rollout-task" data-task=key data-state=st>
            <p class="task-line">
                <span class="badge">{label}</span>" "
                <strong>{t.task.text}</strong>
                <span class="hint">{if t.task.auto.is_some() { " · ticks itself" } else { "" }}{format!(" · by {}", short_date(due))}</span>
            </p>
            {how.map(|h| view! { <p class="hint evidence">{h}</p> })}
            {if by_hand {
                view! { <button type="button" class="link" data-testid=format!("untick-{key}") on:click=undo>"Take the tick back"</button> }.into_any()
            } else if t.done.is_none() {
                view! {
                    <button type="button" data-testid=format!("mark-{key}") aria-expanded=move || if open.get() { "true" } else { "false" } on:click=move |_| open.update(|o| *o = !*o)>
                        {if t.task.auto.is_some() { "Done outside Trellis" } else { "Mark done" }}
                    </button>
                    <Show when=move || open.get()>
                        <div class="tick-form">
                            <TextField id=format!("tick-{key}-note") label="Note (optional): what was done, or where" value=note error=errors.of("note") />
                            <button type="button" class="primary" data-testid=format!("tick-{key}") on:click=tick.clone()>"Tick it"</button>
                        </div>
                    </Show>
                }.into_any()
            } else {
                ().into_any()
            }}
        </li>
    }
}
