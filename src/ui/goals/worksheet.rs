//! The SMART-R worksheet: one section per letter, each with its prompt, an example, its
//! fields and the checker's live verdict; the same form creates and edits a goal.
use crate::ui::router::{query, use_navigate};
use leptos::prelude::*;

use super::{goal_rows, goal_set, goals_loaded, owner_names, GoalRow};
use crate::domain::dates::long_date;
use crate::domain::goal::{check_links, format_number, Direction, GoalDraft, Period};
use crate::domain::smart_r::{self, Context, Letter, Verdict};
use crate::domain::{Goal, GoalLevel};
use crate::ui::components::editor::{Editor, EditorNotices};
use crate::ui::components::{
    CheckList, ChoiceField, ConflictChooser, FormErrors, SelectField, TextArea, TextField,
};
use crate::ui::people::NotFound;
use crate::ui::state::{now, AppState};

#[component]
pub fn NewGoalPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = goal_rows(state);
    let loaded = goals_loaded(state);
    let parent = query("parent");
    let owner = query("owner");
    view! {
        <h1>"New goal"</h1>
        <Show when=move || loaded.get() fallback=|| view! { <p class="empty">"Loading goals…"</p> }>
            {
                let parent = parent.clone();
                let owner = owner.clone();
                move || view! { <GoalWorksheet existing=None parent=parent.clone() owner=owner.clone() rows /> }
            }
        </Show>
    }
}

#[component]
pub fn EditGoalPage(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = goal_rows(state);
    let loaded = goals_loaded(state);
    // The form is drawn once from the goal as it was when opened; saves check its revision.
    let found = move || rows.with_untracked(|r| r.iter().find(|(i, _, _)| *i == id).cloned());
    view! {
        <h1>"Edit goal"</h1>
        {move || match (loaded.get(), found()) {
            (false, _) => view! { <p class="empty">"Loading goals…"</p> }.into_any(),
            (true, None) => view! { <NotFound what="goal" /> }.into_any(),
            (true, Some(row)) => view! { <GoalWorksheet existing=Some(row) parent=None owner=None rows /> }.into_any(),
        }}
    }
}

/// The draft's fields, one signal each, so each input updates only what depends on it.
#[derive(Clone, Copy)]
struct Fields {
    title: RwSignal<String>,
    description: RwSignal<String>,
    owner: RwSignal<String>,
    level: RwSignal<String>,
    period: RwSignal<String>,
    start: RwSignal<String>,
    due: RwSignal<String>,
    aligned_to: RwSignal<String>,
    relevance: RwSignal<String>,
    measure_kind: RwSignal<String>,
    unit: RwSignal<String>,
    start_value: RwSignal<String>,
    target: RwSignal<String>,
    current: RwSignal<String>,
    direction: RwSignal<String>,
    weight: RwSignal<String>,
    /// (row key, title, due date)
    milestones: RwSignal<Vec<(u32, String, String)>>,
    skills: RwSignal<Vec<String>>,
}

impl Fields {
    fn from(d: GoalDraft) -> Self {
        Fields {
            title: RwSignal::new(d.title),
            description: RwSignal::new(d.description),
            owner: RwSignal::new(d.owner),
            level: RwSignal::new(d.level),
            period: RwSignal::new(d.period),
            start: RwSignal::new(d.start),
            due: RwSignal::new(d.due),
            aligned_to: RwSignal::new(d.aligned_to),
            relevance: RwSignal::new(d.relevance),
            measure_kind: RwSignal::new(d.measure_kind),
            unit: RwSignal::new(d.unit),
            start_value: RwSignal::new(d.start_value),
            target: RwSignal::new(d.target),
            current: RwSignal::new(d.current),
            direction: RwSignal::new(d.direction),
            weight: RwSignal::new(d.weight),
            skills: RwSignal::new(d.skills),
            milestones: RwSignal::new(
                d.milestones
                    .into_iter()
                    .zip(0..)
                    .map(|((t, d), k)| (k, t, d))
                    .collect(),
            ),
        }
    }
    fn draft(&self) -> GoalDraft {
        GoalDraft {
            title: self.title.get(),
            description: self.description.get(),
            owner: self.owner.get(),
            level: self.level.get(),
            period: self.period.get(),
            start: self.start.get(),
            due: self.due.get(),
            aligned_to: self.aligned_to.get(),
            relevance: self.relevance.get(),
            measure_kind: self.measure_kind.get(),
            unit: self.unit.get(),
            start_value: self.start_value.get(),
            target: self.target.get(),
            current: self.current.get(),
            direction: self.direction.get(),
            milestones: self
                .milestones
                .get()
                .into_iter()
                .map(|(_, t, d)| (t, d))
                .collect(),
            weight: self.weight.get(),
            skills: self.skills.get(),
        }
    }
    /// Shows `d` in the fields already on screen (after taking the other tab's version).
    fn set(&self, d: GoalDraft) {
        self.title.set(d.title);
        self.description.set(d.description);
        self.owner.set(d.owner);
        self.level.set(d.level);
        self.period.set(d.period);
        self.start.set(d.start);
        self.due.set(d.due);
        self.aligned_to.set(d.aligned_to);
        self.relevance.set(d.relevance);
        self.measure_kind.set(d.measure_kind);
        self.unit.set(d.unit);
        self.start_value.set(d.start_value);
        self.target.set(d.target);
        self.current.set(d.current);
        self.direction.set(d.direction);
        self.weight.set(d.weight);
        self.skills.set(d.skills);
        self.milestones.set(
            d.milestones
                .into_iter()
                .zip(0..)
                .map(|((t, d), k)| (k, t, d))
                .collect(),
        );
    }
}

/// Periods offered for a level around `today` (and the goal's own, when editing).
fn period_options(
    level: GoalLevel,
    today: crate::domain::dates::Date,
    keep: Option<Period>,
) -> Vec<(String, String)> {
    let first = level.period_on(today);
    let mut ps = vec![first];
    let more = match level {
        GoalLevel::Strategic => 1,
        GoalLevel::Tactical => 3,
        GoalLevel::Operational => 2,
    };
    for _ in 0..more {
        ps.push(ps.last().expect("one at least").next());
    }
    if level == GoalLevel::Operational {
        let mut w = Period::week_of(today);
        for _ in 0..4 {
            ps.push(w);
            w = w.next();
        }
    }
    if let Some(k) = keep.filter(|k| !ps.contains(k) && k.suits(level)) {
        ps.insert(0, k);
    }
    ps.into_iter().map(|p| (p.key(), p.label())).collect()
}

#[component]
fn GoalWorksheet(
    existing: Option<GoalRow>,
    parent: Option<String>,
    owner: Option<String>,
    rows: Memo<Vec<GoalRow>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let navigate = use_navigate();
    let names = owner_names(state);
    let today = now().date();
    let editing = existing.is_some();
    let base = existing
        .as_ref()
        .map(|(_, _, g)| g.clone())
        .unwrap_or_default();
    let this_id = existing.as_ref().map(|(id, _, _)| id.clone());
    let editor: Editor<Goal> =
        Editor::new(existing.as_ref().map(|(id, rev, _)| (id.clone(), *rev)));
    let errors = FormErrors::new();

    let initial = match &existing {
        Some((_, _, g)) => GoalDraft::of(g),
        None => {
            // A new goal: below the parent it was started from, else a strategic team goal.
            let parent_goal = parent.as_ref().and_then(|p| {
                rows.with_untracked(|r| {
                    r.iter().find(|(i, _, _)| i == p).map(|(_, _, g)| g.clone())
                })
            });
            let level = match &parent_goal {
                Some(p) => match p.level {
                    GoalLevel::Strategic => GoalLevel::Tactical,
                    _ => GoalLevel::Operational,
                },
                // A person's own goal starts at the level most of theirs are: tactical.
                None if owner.is_some() => GoalLevel::Tactical,
                None => GoalLevel::Strategic,
            };
            let period = level.period_on(today);
            GoalDraft {
                level: level.key().into(),
                period: period.key(),
                due: period.end().to_string(),
                aligned_to: parent
                    .clone()
                    .filter(|_| parent_goal.is_some())
                    .unwrap_or_default(),
                owner: owner
                    .clone()
                    .or(parent_goal.map(|p| p.owner))
                    .unwrap_or_default(),
                measure_kind: "number".into(),
                direction: "up".into(),
                ..GoalDraft::default()
            }
        }
    };
    let f = Fields::from(initial);
    let next_key = StoredValue::new(f.milestones.with_untracked(Vec::len) as u32);
    let level = Memo::new(move |_| GoalLevel::from_key(&f.level.get()).unwrap_or_default());

    // A different level needs a period of its kind and a parent above it.
    Effect::new(move |prev: Option<GoalLevel>| {
        let l = level.get();
        if prev.is_some_and(|p| p != l) {
            if !Period::parse(&f.period.get_untracked()).is_some_and(|p| p.suits(l)) {
                let p = l.period_on(today);
                f.period.set(p.key());
                f.due.set(p.end().to_string());
            }
            let parent_ok = rows.with_untracked(|r| {
                let set = goal_set(r);
                set.get(&f.aligned_to.get_untracked())
                    .is_some_and(|p| p.level.is_above(l))
            });
            if !parent_ok {
                f.aligned_to.set(String::new());
            }
        }
        l
    });

    let base_for_preview = base.clone();
    let preview = Memo::new(move |_| f.draft().build(&base_for_preview).0);
    let this = this_id.clone();
    let checks = Memo::new(move |_| {
        preview.with(|goal| {
            rows.with(|r| {
                let set = goal_set(r);
                let parent = goal
                    .aligned_to
                    .as_deref()
                    .and_then(|p| set.get(p))
                    .filter(|p| p.level.is_above(goal.level));
                let period = goal.period.unwrap_or(goal.level.period_on(today));
                let same_level_count = r
                    .iter()
                    .filter(|(id, _, g)| {
                        Some(id) != this.as_ref()
                            && g.is_active()
                            && g.owner == goal.owner
                            && g.level == goal.level
                            && g.period == Some(period)
                    })
                    .count();
                let unit = goal.measure.as_ref().map(|m| m.unit.to_ascii_lowercase());
                let past_changes: Vec<f64> = r
                    .iter()
                    .filter(|(id, _, g)| {
                        Some(id) != this.as_ref()
                            && g.owner == goal.owner
                            && (g.archived || g.due.is_some_and(|d| d < today))
                    })
                    .filter_map(|(_, _, g)| g.measure.as_ref())
                    .filter(|m| Some(m.unit.to_ascii_lowercase()) == unit)
                    .map(|m| match m.direction {
                        Direction::Up => m.current - m.start,
                        Direction::Down => m.start - m.current,
                    })
                    .collect();
                smart_r::check(
                    goal,
                    &Context {
                        today,
                        parent,
                        same_level_count,
                        past_changes: &past_changes,
                    },
                )
            })
        })
    });
    let verdict = move |letter: Letter| {
        Signal::derive(move || checks.with(|c| c.iter().find(|x| x.letter == letter).cloned()))
    };

    // The team's skills framework, for "skills it needs".
    let skill_options: Vec<(String, String)> = state.repo.with_untracked(|r| {
        r.live()
            .filter_map(|rec| match &rec.body {
                crate::store::Body::Skill(s) => Some((rec.id.clone(), s.name.clone())),
                _ => None,
            })
            .collect()
    });
    let parent_options = Memo::new(move |_| {
        let l = level.get();
        let mut o = vec![(String::new(), "Not aligned yet".to_string())];
        rows.with(|r| {
            let mut above: Vec<(&str, &Goal)> = r
                .iter()
                .filter(|(id, _, g)| {
                    g.is_active() && g.level.is_above(l) && Some(id) != this_id.as_ref()
                })
                .map(|(id, _, g)| (id.as_str(), g))
                .collect();
            crate::domain::goal_report::sort_goals(&mut above);
            o.extend(
                above
                    .into_iter()
                    .map(|(id, g)| (id.to_string(), format!("{}: {}", g.level.label(), g.title))),
            );
        });
        o
    });
    let keep_period = base.period;
    let periods = Memo::new(move |_| period_options(level.get(), today, keep_period));

    let suggestion = Memo::new(move |_| {
        let text = f.title.get();
        let measure = (f.measure_kind.get() != "number"
            || f.start_value.with(String::is_empty)
            || f.target.with(String::is_empty))
        .then(|| smart_r::measure_in_text(&text))
        .flatten();
        let deadline = smart_r::deadline_in_text(&text, today)
            .filter(|d| f.due.with(|due| *due != d.to_string()));
        (measure, deadline)
    });
    let use_measure = move |_| {
        if let (Some((a, b)), _) = suggestion.get_untracked() {
            f.measure_kind.set("number".into());
            f.start_value.set(format_number(a));
            f.target.set(format_number(b));
            f.direction.set(if b < a { "down" } else { "up" }.into());
        }
    };
    let use_deadline = move |_| {
        if let (_, Some(d)) = suggestion.get_untracked() {
            f.due.set(d.to_string());
        }
    };

    let nav = navigate.clone();
    let base_for_save = base.clone();
    let this_for_save = existing.as_ref().map(|(id, _, _)| id.clone());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let goal = match f.draft().validate(&base_for_save) {
            Ok(g) => g,
            Err(e) => return errors.show("goal", e),
        };
        let link_errors =
            rows.with_untracked(|r| check_links(&goal, this_for_save.as_deref(), &goal_set(r)));
        if !link_errors.is_empty() {
            return errors.show("goal", link_errors);
        }
        errors.clear();
        if let Some(record) = editor.save(state, goal) {
            state.say(if editing {
                "Goal saved."
            } else {
                "Goal created."
            });
            nav(&format!("/goals/{}", record.id));
        }
    };
    let keep_mine = Callback::new(move |_| {
        if let Some(record) = editor.keep_mine(state) {
            state.say("Goal saved.");
            navigate(&format!("/goals/{}", record.id));
        }
    });
    let take_theirs = Callback::new(move |_| {
        if let Some(theirs) = editor.take_theirs() {
            f.set(GoalDraft::of(&theirs));
        }
    });
    let summary = |g: &Goal| {
        vec![
            ("Title", g.title.clone()),
            ("Level", g.level.label().to_string()),
            ("Deadline", g.due.map(long_date).unwrap_or_default()),
            ("Measure", crate::domain::goal_report::measure_text(g)),
            ("Why it matters", g.relevance.clone()),
        ]
    };

    let level_options: Vec<(&'static str, &'static str)> = GoalLevel::ALL
        .iter()
        .map(|l| {
            (
                l.key(),
                match l {
                    GoalLevel::Strategic => "Strategic: a year",
                    GoalLevel::Tactical => "Tactical: a quarter",
                    GoalLevel::Operational => "Operational: a month or a week",
                },
            )
        })
        .collect();

    view! {
        {move || editor.conflict.get().map(|(mine, theirs, _)| view! {
            <ConflictChooser what="This goal" mine=summary(&mine) theirs=summary(&theirs) on_keep_mine=keep_mine on_take_theirs=take_theirs />
        })}
        <EditorNotices kept_in_memory=editor.kept_in_memory missing=editor.missing />
        <form class="worksheet" on:submit=save novalidate data-testid="goal-worksheet">
            <aside class="smart-summary" aria-label="SMART-R check">
                <p>
                    <strong>{move || format!("SMART-R: {} of 6", checks.with(|c| smart_r::passes(c)))}</strong>
                </p>
                <ol class="letters">
                    {Letter::ALL.into_iter().map(|l| {
                        let v = verdict(l);
                        view! {
                            <li class=move || format!("letter {}", v.with(|v| verdict_class(v.as_ref().map(|c| c.verdict))))
                                title=l.name() data-testid=format!("chip-{}", l.key())>
                                <span aria-hidden="true">{l.initial()}</span>
                                <span class="visually-hidden">{move || format!("{}: {}", l.name(), v.with(|v| verdict_word(v.as_ref().map(|c| c.verdict))))}</span>
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </aside>
            <fieldset class="step">
                <legend>"Who and when"</legend>
                <div class="row">
                    <SelectField id="goal-level" label="Level" value=f.level options=level_options error=errors.of("level") />
                    <ChoiceField id="goal-owner" label="Owner" value=f.owner options=names />
                </div>
            </fieldset>
            <Step letter=Letter::Specific check=verdict(Letter::Specific)>
                <TextField id="goal-title" label="Goal" value=f.title error=errors.of("title") required=true
                    hint="One sentence: what will change, for whom, by how much, by when." />
                <TextArea id="goal-description" label="Details (optional)" value=f.description error=errors.of("description") />
            </Step>
            <Step letter=Letter::Measurable check=verdict(Letter::Measurable)>
                {move || suggestion.get().0.map(|(a, b)| view! {
                    <button type="button" class="suggest" on:click=use_measure>
                        {format!("Use {} \u{2192} {} from the goal as its measure", format_number(a), format_number(b))}
                    </button>
                })}
                <div class="field" role="radiogroup" aria-labelledby="goal-measure_kind-label">
                    <span id="goal-measure_kind-label" class="label">"Measure it by"</span>
                    <div class="choices-inline">
                        {[("number", "A number"), ("milestones", "Milestones"), ("none", "Its aligned goals (roll-up)")].into_iter().map(|(k, text)| view! {
                            <label class="check">
                                <input type="radio" name="goal-measure-kind" id=format!("goal-measure-{k}") value=k
                                    prop:checked=move || f.measure_kind.with(|m| m == k)
                                    on:change=move |_| f.measure_kind.set(k.to_string()) />
                                {text}
                            </label>
                        }).collect_view()}
                    </div>
                </div>
                <Show when=move || f.measure_kind.with(|m| m == "number")>
                    <div class="row">
                        <TextField id="goal-unit" label="Unit" value=f.unit error=errors.of("unit") hint="e.g. CSAT, %, days, calls" />
                        <SelectField id="goal-direction" label="Better is" value=f.direction options=vec![("up", "Higher"), ("down", "Lower")] error=Signal::derive(|| None::<String>) />
                    </div>
                    <div class="row">
                        <TextField id="goal-start_value" label="Start" value=f.start_value error=errors.of("start_value") kind="text" />
                        <TextField id="goal-target" label="Target" value=f.target error=errors.of("target") kind="text" />
                        {editing.then(|| view! { <TextField id="goal-current" label="Current" value=f.current error=errors.of("current") kind="text" /> })}
                    </div>
                </Show>
                <Show when=move || f.measure_kind.with(|m| m == "milestones")>
                    <Milestones rows=f.milestones next_key error=errors.of("milestones") />
                </Show>
            </Step>
            <Step letter=Letter::Achievable check=verdict(Letter::Achievable)>
                <p class="hint">"The check compares this goal with how many the owner already holds at this level, and with what they achieved before on the same measure."</p>
            </Step>
            <Step letter=Letter::Relevant check=verdict(Letter::Relevant)>
                <ChoiceField id="goal-aligned_to" label="Serves (aligned to)" value=f.aligned_to options=parent_options error=errors.of("aligned_to") />
                <Show when=move || !f.aligned_to.with(String::is_empty)>
                    <TextField id="goal-weight" label="Weight in that goal (%)" value=f.weight error=errors.of("weight")
                        hint="Its share of the parent's progress. Leave empty to share what is left equally." />
                </Show>
                <TextArea id="goal-relevance" label="Why it matters" value=f.relevance error=errors.of("relevance") />
                {(!skill_options.is_empty()).then(|| view! {
                    <CheckList id="goal-skills" legend="Skills it needs (optional): gaps in them rank higher in the owner's development plan" options=skill_options.clone() selected=f.skills error=Signal::derive(|| None::<String>) />
                })}
            </Step>
            <Step letter=Letter::TimeBound check=verdict(Letter::TimeBound)>
                {move || suggestion.get().1.map(|d| view! {
                    <button type="button" class="suggest" on:click=use_deadline>{format!("Use {} from the goal as the deadline", long_date(d))}</button>
                })}
                <div class="row">
                    <ChoiceField id="goal-period" label="Period" value=f.period options=periods error=errors.of("period") />
                    <TextField id="goal-start" label="Starts (optional)" value=f.start error=errors.of("start") kind="date" hint="Empty: the period's start." />
                    <TextField id="goal-due" label="Deadline" value=f.due error=errors.of("due") kind="date" />
                </div>
            </Step>
            <Step letter=Letter::Results check=verdict(Letter::Results)>
                <p class="hint">"Strategic and tactical goals name a result. An operational goal may be an activity (a leading indicator) when it serves a result above it."</p>
            </Step>
            <FormErrorSummary errors />
            <crate::ui::components::Audience scope=Signal::derive(move || crate::domain::scope::Scope::of_person(&f.owner.get())) />
            <div class="actions">
                <button type="submit" class="primary" data-testid="save-goal">{if editing { "Save goal" } else { "Create goal" }}</button>
            </div>
        </form>
    }
}

fn verdict_class(v: Option<Verdict>) -> &'static str {
    match v {
        Some(Verdict::Pass) => "pass",
        Some(Verdict::Warning) => "warn",
        _ => "hint",
    }
}

fn verdict_word(v: Option<Verdict>) -> &'static str {
    match v {
        Some(Verdict::Pass) => "passes",
        Some(Verdict::Warning) => "warning",
        _ => "needs work",
    }
}

/// One letter of the worksheet: its prompt and example, its fields, and the live verdict.
#[component]
fn Step(
    letter: Letter,
    check: Signal<Option<smart_r::LetterCheck>>,
    children: Children,
) -> impl IntoView {
    view! {
        <fieldset class="step" data-testid=format!("step-{}", letter.key())>
            <legend><span class="letter-badge" aria-hidden="true">{letter.initial()}</span>{letter.name()}</legend>
            <p class="prompt">{letter.prompt()}</p>
            <p class="example">"Example: " {letter.example()}</p>
            {children()}
            <p class=move || format!("verdict {}", verdict_class(check.with(|c| c.as_ref().map(|c| c.verdict))))
                data-testid=format!("verdict-{}", letter.key())>
                <strong>{move || match check.with(|c| c.as_ref().map(|c| c.verdict)) {
                    Some(Verdict::Pass) => "\u{2713} ",
                    Some(Verdict::Warning) => "! ",
                    _ => "\u{2192} ",
                }}</strong>
                {move || check.with(|c| c.as_ref().map(|c| c.message.clone()))}
            </p>
        </fieldset>
    }
}

/// Errors of fields that have no place of their own on screen (there are none today, but a
/// stored goal may carry a problem with a field the form does not show).
#[component]
fn FormErrorSummary(errors: FormErrors) -> impl IntoView {
    const SHOWN: [&str; 14] = [
        "title",
        "description",
        "level",
        "period",
        "start",
        "due",
        "aligned_to",
        "relevance",
        "unit",
        "start_value",
        "target",
        "current",
        "weight",
        "milestones",
    ];
    view! {
        {move || errors.0.with(|e| {
            e.iter().filter(|e| !SHOWN.contains(&e.field)).map(|e| view! { <p class="field-error" role="alert">{e.message.clone()}</p> }).collect_view()
        })}
    }
}

#[component]
fn Milestones(
    rows: RwSignal<Vec<(u32, String, String)>>,
    next_key: StoredValue<u32>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let add = move |_| {
        let k = next_key.get_value();
        next_key.set_value(k + 1);
        rows.update(|r| r.push((k, String::new(), String::new())));
    };
    if rows.with_untracked(Vec::is_empty) {
        add(());
    }
    let set = move |key: u32, title: Option<String>, due: Option<String>| {
        rows.update(|r| {
            if let Some(row) = r.iter_mut().find(|(k, _, _)| *k == key) {
                if let Some(t) = title {
                    row.1 = t;
                }
                if let Some(d) = due {
                    row.2 = d;
                }
            }
        })
    };
    view! {
        <div class="field" class:has-error=move || error.with(Option::is_some)>
            <span class="label">"Milestones"</span>
            <ol class="milestone-rows">
                <For each=move || rows.get() key=|(k, _, _)| *k let((key, title, due))>
                    <li class="row">
                        <div class="field">
                            <label for=format!("milestone-{key}")>"Milestone"</label>
                            <input id=format!("milestone-{key}") value=title on:input=move |ev| set(key, Some(event_target_value(&ev)), None) />
                        </div>
                        <div class="field">
                            <label for=format!("milestone-{key}-due")>"Due"</label>
                            <input id=format!("milestone-{key}-due") type="date" value=due on:input=move |ev| set(key, None, Some(event_target_value(&ev))) />
                        </div>
                        <button type="button" class="remove" aria-label="Remove this milestone" on:click=move |_| rows.update(|r| r.retain(|(k, _, _)| *k != key))>"Remove"</button>
                    </li>
                </For>
            </ol>
            <button type="button" id="goal-milestones" on:click=move |_| add(())>"Add milestone"</button>
            <p class="field-error">{move || error.get()}</p>
        </div>
    }
}
