//! The plan's form: dates and review schedule, background, the gap, the root causes, the
//! improvement goals (each through the SMART-R checker) and the support promised. Saving a new
//! plan issues version 1; saving a change issues the next version, which needs a new
//! acknowledgement.
use leptos::prelude::*;

use super::no_error;
use crate::domain::dates::{parse_iso, Date};
use crate::domain::improvement::{
    smart_check, Cause, CauseNote, Every, Plan, PlanGoal, Support, DURATIONS,
};
use crate::domain::smart_r::{passes, Verdict};
use crate::domain::standards::rated_items;
use crate::domain::FieldError;
use crate::store::{new_id, Body};
use crate::ui::components::{CheckList, FormErrors, SelectField, TextArea, TextField};
use crate::ui::lookup::person_goals;
use crate::ui::state::{now, AppState, SaveOutcome};

#[derive(Clone)]
struct GoalRow {
    id: String,
    text: RwSignal<String>,
    measure: RwSignal<String>,
    due: RwSignal<String>,
}

#[derive(Clone)]
struct SupportRow {
    id: String,
    text: RwSignal<String>,
    by: RwSignal<String>,
}

#[derive(Clone, Copy)]
struct CauseRow {
    cause: Cause,
    on: RwSignal<bool>,
    evidence: RwSignal<String>,
    notes: RwSignal<String>,
}

fn date_text(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn goal_row(g: &PlanGoal) -> GoalRow {
    GoalRow {
        id: g.id.clone(),
        text: RwSignal::new(g.text.clone()),
        measure: RwSignal::new(g.measure.clone()),
        due: RwSignal::new(date_text(g.due)),
    }
}

fn support_row(s: &Support) -> SupportRow {
    SupportRow {
        id: s.id.clone(),
        text: RwSignal::new(s.text.clone()),
        by: RwSignal::new(date_text(s.by)),
    }
}

/// A date typed into a field: empty is none; anything else must be a date.
fn typed_date(
    text: &str,
    field: &'static str,
    what: &str,
    errs: &mut Vec<FieldError>,
) -> Option<Date> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    let d = parse_iso(t);
    if d.is_none() {
        errs.push(FieldError::new(
            field,
            format!("{what}: enter a date, e.g. 2026-12-15."),
        ));
    }
    d
}

#[component]
pub fn PlanForm(
    person: String,
    existing: Option<(String, u64, Plan)>,
    #[prop(optional)] background: String,
    on_done: Callback<String>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let today = now().date();
    let base = existing
        .as_ref()
        .map(|(_, _, p)| p.clone())
        .unwrap_or_else(|| {
            let mut p = Plan::new(&person, today, 60);
            p.background = background.clone();
            p.goals = vec![PlanGoal {
                id: new_id(),
                ..PlanGoal::default()
            }];
            p.support = vec![Support {
                id: new_id(),
                ..Support::default()
            }];
            p
        });
    let errors = FormErrors::new();
    let start = RwSignal::new(base.start.to_string());
    let end = RwSignal::new(base.end.to_string());
    let every = RwSignal::new(base.every.key().to_string());
    let bg = RwSignal::new(base.background.clone());
    let gap = RwSignal::new(base.gap.clone());
    let items = RwSignal::new(base.items.clone());
    let touched = RwSignal::new(base.goals_touched.clone());
    let causes: Vec<CauseRow> = Cause::ALL
        .iter()
        .map(|&cause| {
            let had = base.causes.iter().find(|c| c.cause == cause);
            CauseRow {
                cause,
                on: RwSignal::new(had.is_some()),
                evidence: RwSignal::new(had.map(|c| c.evidence.clone()).unwrap_or_default()),
                notes: RwSignal::new(had.map(|c| c.notes.clone()).unwrap_or_default()),
            }
        })
        .collect();
    let goals = RwSignal::new(base.goals.iter().map(goal_row).collect::<Vec<_>>());
    let support = RwSignal::new(base.support.iter().map(support_row).collect::<Vec<_>>());
    let change = RwSignal::new(String::new());
    let adjusting = existing.is_some();

    let who = person.clone();
    let cause_rows = causes.clone();
    let versions = base.versions.clone();
    // The plan as the form has it now, and what could not be read.
    let build = move || {
        let mut errs = vec![];
        let s = typed_date(&start.get(), "start", "Start", &mut errs).unwrap_or(today);
        let e = typed_date(&end.get(), "end", "End", &mut errs).unwrap_or(s);
        let mut p = Plan::new(&who, s, 0);
        p.end = e;
        p.every = Every::from_key(&every.get()).unwrap_or_default();
        p.background = bg.get().trim().to_string();
        p.gap = gap.get().trim().to_string();
        p.items = items.get();
        p.goals_touched = touched.get();
        p.causes = cause_rows
            .iter()
            .filter(|c| c.on.get())
            .map(|c| CauseNote {
                cause: c.cause,
                evidence: c.evidence.get().trim().to_string(),
                notes: c.notes.get().trim().to_string(),
            })
            .collect();
        p.goals = goals
            .get()
            .iter()
            .enumerate()
            .map(|(n, g)| PlanGoal {
                id: g.id.clone(),
                text: g.text.get().trim().to_string(),
                measure: g.measure.get().trim().to_string(),
                due: typed_date(&g.due.get(), "goals", &format!("Goal {}", n + 1), &mut errs),
            })
            .collect();
        p.support = support
            .get()
            .iter()
            .enumerate()
            .map(|(n, x)| Support {
                id: x.id.clone(),
                text: x.text.get().trim().to_string(),
                by: typed_date(
                    &x.by.get(),
                    "support",
                    &format!("Support {}", n + 1),
                    &mut errs,
                ),
            })
            .collect();
        p.versions = versions.clone();
        (p, errs)
    };
    let build = StoredValue::new(build);
    let target = existing.as_ref().map(|(id, rev, _)| (id.clone(), *rev));
    let before = existing.map(|(_, _, p)| p);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (mut p, mut errs) = untrack(|| build.with_value(|b| b()));
        errs.extend(p.edit_problems(before.as_ref(), &change.get_untracked()));
        if !errs.is_empty() {
            return errors.show("plan", errs);
        }
        errors.clear();
        p.issue(today, &change.get_untracked());
        let number = p.current().map_or(1, |v| v.number);
        match state.save(target.clone(), Body::ImprovementPlan(p)) {
            SaveOutcome::Saved(rec) | SaveOutcome::InMemoryOnly(rec) => {
                state.say(if target.is_some() {
                    format!("Saved as version {number}: it needs a new acknowledgement of receipt.")
                } else {
                    "Plan saved as version 1. Share it in a 1:1 and ask for an acknowledgement of receipt.".to_string()
                });
                on_done.run(rec.id.clone());
            }
            SaveOutcome::Conflict(_) => errors.show(
                "plan",
                vec![FieldError::new("gap", "The plan was changed elsewhere meanwhile: reload it, then make your change again.")],
            ),
            _ => {}
        }
    };

    let set_days = move |days: i64| {
        if let Some(s) = parse_iso(&start.get_untracked()) {
            end.set(s.add_days(days).to_string());
        }
    };
    let every_options: Vec<(&'static str, &'static str)> =
        Every::ALL.iter().map(|e| (e.key(), e.label())).collect();
    let item_options: Vec<(String, String)> = rated_items()
        .into_iter()
        .map(|i| (i.to_string(), i.to_string()))
        .collect();
    let goal_options: Vec<(String, String)> = person_goals(state, &person)
        .into_iter()
        .map(|(id, _, g)| (id, g.title))
        .collect();
    let check_of = move |row: GoalRow| {
        let (p, _) = build.with_value(|b| b());
        let g = PlanGoal {
            id: row.id.clone(),
            text: row.text.get(),
            measure: row.measure.get(),
            due: parse_iso(&row.due.get()),
        };
        smart_check(&g, &p, today)
    };

    view! {
        <form class="panel plan-form" on:submit=submit novalidate data-testid="plan-form">
            <fieldset class="plan-dates">
                <legend>"Dates and reviews"</legend>
                <TextField id="plan-start" label="Starts" kind="date" value=start error=errors.of("start") />
                <div class="field-row" role="group" aria-label="Duration">
                    {DURATIONS.iter().map(|&d| view! {
                        <button type="button" on:click=move |_| set_days(d)>{format!("{d} days")}</button>
                    }).collect_view()}
                </div>
                <TextField id="plan-end" label="Ends" kind="date" value=end error=errors.of("end")
                    hint="14 to 120 days after the start. Choose 30, 60 or 90 days above, or a date." />
                <SelectField id="plan-every" label="Review sessions" value=every options=every_options error=errors.of("every") />
            </fieldset>
            <TextArea id="plan-background" label="Background: what was tried before" value=bg error=errors.of("background")
                hint="Filled from the decision aid's facts; the person reads it too." />
            <TextArea id="plan-gap" label="The performance gap" value=gap error=errors.of("gap")
                hint="What is expected (the standard, in numbers or examples), and what happens instead." />
            <CheckList id="plan-items" legend="Standards the gap is in" options=item_options selected=items error=errors.of("items") />
            {(!goal_options.is_empty()).then(|| view! {
                <CheckList id="plan-touched" legend="Their goals it touches" options=goal_options.clone() selected=touched error=errors.of("touched") />
            })}
            <fieldset class="plan-causes" id="plan-causes" tabindex="-1" aria-describedby="plan-causes-error">
                <legend>"Root causes"</legend>
                <p class="hint">"Choose each cause the evidence points to, and say what shows it."</p>
                {causes.into_iter().map(|c| {
                    let key = c.cause.key();
                    let check_id = format!("cause-{key}");
                    view! {
                        <div class="cause">
                            <label class="check">
                                <input type="checkbox" id=check_id prop:checked=move || c.on.get() on:change=move |ev| c.on.set(event_target_checked(&ev)) />
                                " " {c.cause.label()}
                            </label>
                            <p class="hint">{c.cause.question()}</p>
                            <Show when=move || c.on.get()>
                                <TextArea id=format!("cause-{key}-evidence") label=format!("{}: evidence", c.cause.label()) value=c.evidence error=no_error() />
                                <TextArea id=format!("cause-{key}-notes") label=format!("{}: notes", c.cause.label()) value=c.notes error=no_error() />
                            </Show>
                        </div>
                    }
                }).collect_view()}
                <p class="field-error" id="plan-causes-error">{move || errors.of("causes").get()}</p>
            </fieldset>
            <fieldset class="plan-goals" id="plan-goals" tabindex="-1" aria-describedby="plan-goals-error">
                <legend>"Improvement goals"</legend>
                <p class="hint">"Each with a measure and a target date inside the plan. The SMART-R checker reads each one."</p>
                <For each=move || goals.get() key=|g| g.id.clone() children=move |g: GoalRow| {
                    let gid = g.id.clone();
                    let n = move || goals.with(|all| all.iter().position(|x| x.id == gid).map_or(0, |i| i + 1));
                    let id = g.id.clone();
                    let row = g.clone();
                    let checks = Memo::new(move |_| check_of(row.clone()));
                    view! {
                        <div class="plan-goal" data-testid="plan-goal">
                            <TextField id=format!("goal-{id}-text") label=Signal::derive(move || format!("Goal {}", n())).get_untracked() value=g.text error=no_error() />
                            <TextField id=format!("goal-{id}-measure") label="Measure" value=g.measure error=no_error()
                                hint="From what to what, e.g. “replies within a day from 80 % to 100 %”." />
                            <TextField id=format!("goal-{id}-due") label="Target date" kind="date" value=g.due error=no_error() />
                            <p class="smart-line" data-testid="goal-smart">
                                {move || {
                                    if g.text.with(|t| t.trim().is_empty()) {
                                        return "SMART-R: type the goal to check it.".to_string();
                                    }
                                    let c = checks.get();
                                    let hints: Vec<String> = c.iter().filter(|x| x.verdict == Verdict::Hint).map(|x| format!("{}: {}", x.letter.name(), x.message)).collect();
                                    let mut s = format!("SMART-R: {} of 6", passes(&c));
                                    if !hints.is_empty() { s.push_str(". "); s.push_str(&hints.join(" ")); }
                                    s
                                }}
                            </p>
                            <button type="button" class="link" on:click=move |_| goals.update(|all| all.retain(|x| x.id != id))>"Remove this goal"</button>
                        </div>
                    }
                } />
                <button type="button" data-testid="add-plan-goal" on:click=move |_| goals.update(|all| all.push(goal_row(&PlanGoal { id: new_id(), ..PlanGoal::default() })))>"Add a goal"</button>
                <p class="field-error" id="plan-goals-error">{move || errors.of("goals").get()}</p>
            </fieldset>
            <fieldset class="plan-support" id="plan-support" tabindex="-1" aria-describedby="plan-support-error">
                <legend>"Support you commit to"</legend>
                <p class="hint">"What you or the organisation will provide, and by when. Each review records whether it was delivered."</p>
                <For each=move || support.get() key=|s| s.id.clone() children=move |s: SupportRow| {
                    let id = s.id.clone();
                    view! {
                        <div class="plan-support-row" data-testid="plan-support-row">
                            <TextField id=format!("support-{id}-text") label="Support" value=s.text error=no_error() />
                            <TextField id=format!("support-{id}-by") label="By" kind="date" value=s.by error=no_error() />
                            <button type="button" class="link" on:click=move |_| support.update(|all| all.retain(|x| x.id != id))>"Remove"</button>
                        </div>
                    }
                } />
                <button type="button" data-testid="add-plan-support" on:click=move |_| support.update(|all| all.push(support_row(&Support { id: new_id(), ..Support::default() })))>"Add support"</button>
                <p class="field-error" id="plan-support-error">{move || errors.of("support").get()}</p>
            </fieldset>
            {adjusting.then(|| view! {
                <TextArea id="plan-change" label="What changed, and why" value=change error=errors.of("change")
                    hint="Saving issues a new version: the person sees this note and acknowledges the new version." />
            })}
            <div class="actions">
                <button type="submit" class="primary">{if adjusting { "Save as a new version" } else { "Save the plan" }}</button>
            </div>
        </form>
    }
}
