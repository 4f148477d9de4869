//! Goals: the alignment tree and filtered lists, hierarchy health, export, closing a period;
//! a goal's page (progress, pace, chart, updates) and the SMART-R worksheet.
mod detail;
mod worksheet;

pub use detail::GoalPage;
pub use worksheet::{EditGoalPage, NewGoalPage};

use leptos::prelude::*;
use leptos_router::components::A;

use crate::domain::goal::{alignment_gap, close_period, level_counts, GoalSet, Period, Status};
use crate::domain::goal_report::{goal_lines, goals_csv, goals_markdown, percent, GoalLine};
use crate::domain::{Goal, GoalLevel};
use crate::store::{lowercase, Body};
use crate::ui::components::ChoiceField;
use crate::ui::href;
use crate::ui::state::{now, AppState};

/// (id, revision, goal) for every goal, archived ones included.
pub type GoalRow = (String, u64, Goal);

pub fn goal_rows(state: AppState) -> Memo<Vec<GoalRow>> {
    Memo::new(move |_| {
        state.repo.with(|r| {
            r.goals()
                .into_iter()
                .map(|(rec, g)| (rec.id.clone(), rec.rev, g.clone()))
                .collect()
        })
    })
}

pub fn goal_set(rows: &[GoalRow]) -> GoalSet<'_> {
    GoalSet::new(rows.iter().map(|(id, _, g)| (id.as_str(), g)))
}

/// Names of owners by id ("The team" for the team's goals).
pub fn owner_names(state: AppState) -> Memo<Vec<(String, String)>> {
    Memo::new(move |_| {
        state.repo.with(|r| {
            let mut names = vec![(String::new(), "The team".to_string())];
            names.extend(
                r.people()
                    .into_iter()
                    .filter(|(_, p)| !p.archived)
                    .map(|(rec, p)| (rec.id.clone(), p.name.clone())),
            );
            names
        })
    })
}

pub fn name_of(names: &[(String, String)], id: &str) -> String {
    names
        .iter()
        .find(|(i, _)| i == id)
        .map(|(_, n)| n.clone())
        .unwrap_or_else(|| "Someone no longer on the team".into())
}

/// Goals appear once the records after the first screen are read (right after it draws).
pub fn goals_loaded(state: AppState) -> Memo<bool> {
    Memo::new(move |_| state.repo.with(|r| r.is_loaded()))
}

#[component]
pub fn GoalsPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = goal_rows(state);
    let names = owner_names(state);
    let loaded = goals_loaded(state);
    let level = RwSignal::new(String::new());
    let owner = RwSignal::new("*".to_string());
    let period = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let query = RwSignal::new(String::new());
    let show_archived = RwSignal::new(false);
    let collapsed = RwSignal::new(Vec::<String>::new());

    let today = now().date();
    let lines =
        Memo::new(move |_| rows.with(|r| goal_lines(&goal_set(r), today, show_archived.get())));
    let filtering = move || {
        !level.with(String::is_empty)
            || owner.with(|o| o != "*")
            || !period.with(String::is_empty)
            || !status.with(String::is_empty)
            || !query.with(|q| q.trim().is_empty())
    };
    // Filtered: a flat list of matches. Unfiltered: the alignment tree, minus collapsed branches.
    let shown = Memo::new(move |_| {
        let q = lowercase(query.get().trim());
        lines.with(|all| {
            if filtering() {
                all.iter()
                    .filter(|l| level.with(|v| v.is_empty() || l.goal.level.key() == v))
                    .filter(|l| owner.with(|v| v == "*" || &l.goal.owner == v))
                    .filter(|l| {
                        period.with(|v| {
                            v.is_empty()
                                || l.goal.period.map(Period::key).as_deref() == Some(v.as_str())
                        })
                    })
                    .filter(|l| status.with(|v| v.is_empty() || l.pace.status.key() == v))
                    .filter(|l| {
                        q.is_empty()
                            || lowercase(&l.goal.title).contains(&q)
                            || lowercase(&l.goal.description).contains(&q)
                    })
                    .map(|l| GoalLine {
                        depth: 0,
                        ..l.clone()
                    })
                    .collect::<Vec<_>>()
            } else {
                let hidden = collapsed.get();
                let mut out = vec![];
                let mut skip_below: Option<usize> = None;
                for l in all {
                    if let Some(d) = skip_below {
                        if l.depth > d {
                            continue;
                        }
                        skip_below = None;
                    }
                    if hidden.contains(&l.id) {
                        skip_below = Some(l.depth);
                    }
                    out.push(l.clone());
                }
                out
            }
        })
    });
    let periods = Memo::new(move |_| {
        // Each period once, in order (binary search keeps sort code out of the bundle).
        let mut ps: Vec<Period> = vec![];
        rows.with(|r| {
            for p in r.iter().filter_map(|(_, _, g)| g.period) {
                if let Err(at) = ps.binary_search(&p) {
                    ps.insert(at, p);
                }
            }
        });
        ps
    });

    let export = move |markdown: bool| {
        let list = shown.get_untracked();
        let names = names.get_untracked();
        let name = |id: &str| name_of(&names, id);
        let day = today.to_string();
        if markdown {
            let team = state
                .repo
                .with_untracked(|r| r.team().map(|(_, t)| t.name.clone()).unwrap_or_default());
            crate::ui::browser::download(
                &format!("trellis-goals-{day}.md"),
                "text/markdown",
                &goals_markdown(&list, &name, &team, today),
            );
        } else {
            crate::ui::browser::download(
                &format!("trellis-goals-{day}.csv"),
                "text/csv",
                &goals_csv(&list, &name),
            );
        }
    };

    view! {
        <header class="page-head">
            <h1>"Goals"</h1>
            <div class="actions">
                <A href=href("/scorecard") attr:class="button">"Indicators and scorecard"</A>
                <A href=href("/goals/new") attr:class="button primary">"New goal"</A>
            </div>
        </header>
        <Show when=move || loaded.get() fallback=|| view! { <p class="empty">"Loading goals…"</p> }>
            <section class="filters" aria-label="Filter goals">
                <div class="field">
                    <label for="goal-search">"Search"</label>
                    <input id="goal-search" type="search" prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev)) />
                </div>
                <ChoiceField id="filter-level" label="Level" value=level options=Signal::derive(move || {
                    let mut o = vec![(String::new(), "All levels".to_string())];
                    o.extend(GoalLevel::ALL.iter().map(|l| (l.key().to_string(), l.label().to_string())));
                    o
                }) />
                <ChoiceField id="filter-owner" label="Owner" value=owner options=Signal::derive(move || {
                    let mut o = vec![("*".to_string(), "Everyone".to_string())];
                    o.extend(names.get());
                    o
                }) />
                <ChoiceField id="filter-period" label="Period" value=period options=Signal::derive(move || {
                    let mut o = vec![(String::new(), "All periods".to_string())];
                    o.extend(periods.get().into_iter().map(|p| (p.key(), p.label())));
                    o
                }) />
                <ChoiceField id="filter-status" label="Status" value=status options=Signal::derive(move || {
                    let mut o = vec![(String::new(), "Any status".to_string())];
                    o.extend(Status::ALL.iter().map(|s| (s.key().to_string(), s.label().to_string())));
                    o
                }) />
                <label class="check">
                    <input type="checkbox" prop:checked=move || show_archived.get() on:change=move |ev| show_archived.set(event_target_checked(&ev)) />
                    "Show archived"
                </label>
            </section>
            <p class="list-summary" role="status">
                {move || {
                    let n = shown.with(Vec::len);
                    if filtering() { format!("{n} goal(s) match.") } else { format!("{n} goal(s), in alignment order.") }
                }}
            </p>
            <Show
                when=move || !shown.with(Vec::is_empty)
                fallback=move || view! {
                    <p class="empty">
                        {move || if rows.with(Vec::is_empty) {
                            "No goals yet. Start with a strategic goal for the year: \u{201c}New goal\u{201d} walks you through SMART-R."
                        } else {
                            "No goals match these filters."
                        }}
                    </p>
                }
            >
                <ul class="goal-tree" data-testid="goal-list">
                    <For each=move || shown.get() key=line_key let(line)>
                        <GoalLineItem line collapsed names />
                    </For>
                </ul>
            </Show>
            <div class="actions">
                <button type="button" on:click=move |_| export(false) data-testid="export-csv">"Export shown goals (CSV)"</button>
                <button type="button" on:click=move |_| export(true) data-testid="export-md">"Export shown goals (Markdown)"</button>
            </div>
            <HierarchyHealth rows names />
            <ClosePeriod rows periods />
        </Show>
    }
}

/// What a line shows changes with its goal and with the goals aligned to it; the key covers
/// both so a line redraws exactly when its content changes.
fn line_key(l: &GoalLine) -> (String, String) {
    let g = &l.goal;
    let shown = format!(
        "{}|{}|{}|{}|{}|{}|{}|{}|{}|{}",
        g.title,
        g.owner,
        l.depth,
        l.progress.map_or(u64::MAX, f64::to_bits),
        l.pace.explanation,
        l.pace.status.key(),
        l.children,
        g.archived,
        g.level.key(),
        g.period.map(Period::key).unwrap_or_default()
    );
    (l.id.clone(), shown)
}

/// One goal in a list or the tree: title, owner, progress bar, status in words and colour.
#[component]
pub fn GoalLineItem(
    line: GoalLine,
    #[prop(optional)] collapsed: Option<RwSignal<Vec<String>>>,
    names: Memo<Vec<(String, String)>>,
) -> impl IntoView {
    let GoalLine {
        id,
        depth,
        goal,
        progress,
        rolled_up,
        pace,
        parent_title,
        children,
    } = line;
    let toggle = (children > 0).then_some(collapsed).flatten().map(|collapsed| {
        let id = id.clone();
        let id2 = id.clone();
        let id2 = StoredValue::new(id2);
        let open = move || collapsed.with(|c| !c.contains(&id2.get_value()));
        view! {
            <button type="button" class="twisty" aria-expanded=move || open().to_string()
                aria-label=move || format!("{} {} aligned goal(s)", if open() { "Hide" } else { "Show" }, children)
                on:click=move |_| collapsed.update(|c| match c.iter().position(|x| *x == id) {
                    Some(i) => { c.remove(i); }
                    None => c.push(id.clone()),
                })>
                {move || if open() { "\u{25be}" } else { "\u{25b8}" }}
            </button>
        }
    });
    let owner = goal.owner.clone();
    view! {
        <li class="goal-line" style:--depth=depth.to_string() data-testid="goal-line">
            {toggle}
            <div class="goal-main">
                <span class=format!("badge level-{}", goal.level.key())>{goal.level.label()}</span>
                <A href=href(&format!("/goals/{id}")) attr:class="goal-title" attr:data-testid="goal-link">{goal.title.clone()}</A>
                <span class="goal-meta">
                    {move || names.with(|n| name_of(n, &owner))}
                    {goal.period.map(|p| format!(" · {}", p.label()))}
                    {goal.archived.then_some(" · archived")}
                    {(depth == 0).then_some(parent_title).flatten().map(|t| format!(" · serves \u{201c}{t}\u{201d}"))}
                </span>
            </div>
            <div class="goal-progress">
                <ProgressBar progress />
                <span class="pct" data-testid="goal-progress">{percent(progress)}</span>
                <span class=format!("status status-{}", pace.status.key()) data-testid="goal-status">{pace.status.label()}</span>
            </div>
            <p class="goal-why">{pace.explanation}{rolled_up.then_some(" Rolled up from its aligned goals.")}</p>
        </li>
    }
}

/// Goals per level for each owner against the method's ranges, and goals not aligned upwards.
#[component]
fn HierarchyHealth(rows: Memo<Vec<GoalRow>>, names: Memo<Vec<(String, String)>>) -> impl IntoView {
    let today = now().date();
    let report = Memo::new(move |_| {
        rows.with(|r| {
            let set = goal_set(r);
            let goals: Vec<&Goal> = r.iter().map(|(_, _, g)| g).collect();
            let counts: Vec<(String, Vec<String>)> = names.with(|n| {
                n.iter()
                    .map(|(id, name)| {
                        let notes = level_counts(goals.iter().copied(), id, today);
                        (name.clone(), notes.into_iter().map(|c| c.message).collect())
                    })
                    .filter(|(_, notes): &(String, Vec<String>)| !notes.is_empty())
                    .collect()
            });
            let gaps: Vec<(String, String, &'static str)> = r
                .iter()
                .filter(|(_, _, g)| g.is_active())
                .filter_map(|(id, _, g)| {
                    alignment_gap(g, &set).map(|why| (id.clone(), g.title.clone(), why))
                })
                .collect();
            (counts, gaps)
        })
    });
    view! {
        <section class="panel" aria-labelledby="health-title" data-testid="hierarchy-health">
            <h2 id="health-title">"Hierarchy health"</h2>
            <p class="hint">"The method suggests, per owner: 3-5 strategic goals a year, 5-8 tactical a quarter, 8-12 operational a month; each lower goal serves one above."</p>
            {move || {
                let (counts, gaps) = report.get();
                let all_good = counts.is_empty() && gaps.is_empty();
                view! {
                    <ul class="notes">
                        {counts.into_iter().map(|(name, notes)| view! { <li><strong>{name}": "</strong>{notes.join(" ")}</li> }).collect_view()}
                        {gaps.into_iter().map(|(id, title, why)| view! {
                            <li><A href=href(&format!("/goals/{id}"))>{title}</A>": "{why}</li>
                        }).collect_view()}
                    </ul>
                    {all_good.then_some(view! { <p>"Every owner is within the ranges and every goal is aligned."</p> })}
                }
            }}
        </section>
    }
}

/// Closing a period: unfinished goals get a linked copy in the next period; all are archived.
#[component]
fn ClosePeriod(rows: Memo<Vec<GoalRow>>, periods: Memo<Vec<Period>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let chosen = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let today = now().date();
    let open_periods = Signal::derive(move || {
        let mut o = vec![(String::new(), "Choose a period".to_string())];
        rows.with(|r| {
            periods.with(|ps| {
                o.extend(
                    ps.iter()
                        .filter(|p| {
                            r.iter()
                                .any(|(_, _, g)| !g.archived && g.period == Some(**p))
                        })
                        .map(|p| (p.key(), p.label())),
                )
            })
        });
        o
    });
    let plan = Memo::new(move |_| {
        let p = Period::parse(&chosen.get())?;
        Some((
            p,
            rows.with(|r| close_period(&goal_set(r), p, today, &mut || String::new())),
        ))
    });
    let close = move |_| {
        let Some(p) = Period::parse(&chosen.get_untracked()) else {
            return;
        };
        let (creates, updates) = rows.with_untracked(|r| {
            let set = goal_set(r);
            let plan = close_period(&set, p, today, &mut crate::store::record::new_id);
            let creates: Vec<(String, Body)> = plan
                .carried
                .into_iter()
                .map(|(id, g)| (id, Body::Goal(g)))
                .collect();
            let updates: Vec<(String, Body, u64)> = r
                .iter()
                .filter(|(id, _, _)| plan.archived.contains(id))
                .map(|(id, rev, g)| {
                    (
                        id.clone(),
                        Body::Goal(Goal {
                            archived: true,
                            ..g.clone()
                        }),
                        *rev,
                    )
                })
                .collect();
            (creates, updates)
        });
        let carried = creates.len();
        let archived = updates.len();
        let result = state
            .repo
            .try_update(|r| r.save_batch(creates, updates, now()))
            .expect("repository lives");
        match result {
            Ok(write) => {
                state.note_write(write);
                chosen.set(String::new());
                state.say(format!("Closed {}: {archived} goal(s) archived, {carried} carried into {}.", p.label(), p.next().label()));
                message.set(None);
            }
            Err(_) => message.set(Some("A goal of this period changed in another tab meanwhile, so nothing was closed. Look at the list again, then close the period.".into())),
        }
    };
    view! {
        <section class="panel" aria-labelledby="close-title">
            <h2 id="close-title">"Close a period"</h2>
            <p class="hint">"Unfinished goals carry into the next period as linked copies that start from where they stand; every goal of the closed period is archived with its history."</p>
            <ChoiceField id="close-period" label="Period to close" value=chosen options=open_periods />
            {move || plan.get().map(|(p, plan)| view! {
                <p data-testid="close-plan">{format!(
                    "{} goal(s) of {} will be archived; {} unfinished will carry into {}.",
                    plan.archived.len(), p.label(), plan.carried.len(), p.next().label()
                )}</p>
                <button type="button" class="primary" on:click=close>{format!("Close {}", p.label())}</button>
            })}
            <p class="field-error" role="alert">{move || message.get()}</p>
        </section>
    }
}

/// A person's goals on their page, with a link to write a new one for them.
#[component]
pub fn PersonGoals(owner: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = goal_rows(state);
    let loaded = goals_loaded(state);
    let names = owner_names(state);
    let today = now().date();
    let who = owner.clone();
    let lines = Memo::new(move |_| {
        rows.with(|r| {
            goal_lines(&goal_set(r), today, false)
                .into_iter()
                .filter(|l| l.goal.owner == who)
                .map(|l| GoalLine { depth: 0, ..l })
                .collect::<Vec<_>>()
        })
    });
    let new_goal = href(&format!("/goals/new?owner={owner}"));
    view! {
        <section class="panel" aria-labelledby="person-goals-title" data-testid="person-goals">
            <header class="section-head">
                <h2 id="person-goals-title">"Goals"</h2>
                <A href=new_goal attr:class="button">"New goal"</A>
            </header>
            <Show when=move || !lines.with(Vec::is_empty) fallback=move || view! {
                <p class="empty">{move || if loaded.get() { "No goals of their own yet." } else { "Loading goals…" }}</p>
            }>
                <ul class="goal-tree">
                    <For each=move || lines.get() key=line_key let(line)>
                        <GoalLineItem line names />
                    </For>
                </ul>
            </Show>
        </section>
    }
}

/// A goal's progress as a bar, named for screen readers. The width is set through the CSS object
/// model, which the Content Security Policy allows, not as a `style` attribute.
#[component]
pub fn ProgressBar(progress: Option<f64>) -> impl IntoView {
    let width = format!("{}%", (progress.unwrap_or(0.0) * 100.0).round() as i64);
    view! {
        <div class="bar" role="img" aria-label=format!("Progress {}", percent(progress))><span style:width=width></span></div>
    }
}
