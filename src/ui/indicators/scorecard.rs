//! The balanced scorecard: the four perspectives with their objectives (team goals placed in
//! one) and indicators, the strategy map of cause and effect, the warnings, print and Markdown.
use leptos::prelude::*;
use leptos_router::components::A;

use super::{health_badge, last_values, trend_words, with_readings, with_unit, IndTabs, Sparkline};
use crate::domain::indicators::links::links;
use crate::domain::indicators::scorecard::{markdown, warnings, Entry};
use crate::domain::indicators::{latest_change, number, Indicator, Perspective, Reading};
use crate::domain::Goal;
use crate::store::clock::now;
use crate::store::Body;
use crate::ui::components::{ChoiceField, TableScroll};
use crate::ui::href;
use crate::ui::state::AppState;

type Row = (String, Indicator, Vec<Reading>);

/// The rows as the scorecard's rules read them.
fn entries(rows: &[Row]) -> Vec<Entry<'_>> {
    rows.iter()
        .map(|(id, i, rs)| Entry {
            id,
            indicator: i,
            readings: rs,
        })
        .collect()
}

#[component]
pub fn ScorecardPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = Memo::new(move |_| {
        state.repo.with(|r| {
            with_readings(r)
                .into_iter()
                .map(|(id, _, i, rs)| (id, i, rs))
                .collect::<Vec<Row>>()
        })
    });
    let goals = Memo::new(move |_| {
        state.repo.with(|r| {
            r.goals()
                .into_iter()
                .filter(|(_, g)| g.owner.is_empty() && !g.archived)
                .map(|(rec, g)| (rec.id.clone(), rec.rev, g.clone()))
                .collect::<Vec<(String, u64, Goal)>>()
        })
    });
    let objectives = move || {
        goals.with(|g| {
            g.iter()
                .filter_map(|(_, _, g)| g.perspective.map(|p| (p, g.title.clone())))
                .collect::<Vec<_>>()
        })
    };
    let warn = Memo::new(move |_| {
        let objs: Vec<Perspective> = objectives().into_iter().map(|(p, _)| p).collect();
        rows.with(|rows| {
            let entries = entries(rows);
            warnings(&entries, &objs)
        })
    });
    let manager = crate::ui::lookup::as_manager(state);
    let export = move |_| {
        let team = state
            .repo
            .with_untracked(|r| r.team().map(|(_, t)| t.name.clone()).unwrap_or_default());
        let text = rows.with_untracked(|rows| {
            let entries = entries(rows);
            markdown(&team, &entries, &objectives(), now().date())
        });
        crate::ui::browser::download("scorecard.md", "text/markdown", &text);
    };
    view! {
        <article class="scorecard" data-testid="scorecard-page">
            <header class="page-head">
                <div>
                    <IndTabs />
                    <h1>"Balanced scorecard"</h1>
                    <p class="sub">"Four perspectives, from what the team learns up to the results it delivers. Each shows its objectives and its indicators, and the map shows which activities drive which results."</p>
                </div>
                <div class="actions no-print">
                    <button type="button" on:click=move |_| { let _ = window().print(); }>"Print"</button>
                    <button type="button" data-testid="export-scorecard" on:click=export>"Export Markdown"</button>
                </div>
            </header>
            <Show when=move || !warn.with(Vec::is_empty)>
                <section class="panel warnings" aria-labelledby="sc-warn-title" data-testid="scorecard-warnings">
                    <h2 id="sc-warn-title">"To look at"</h2>
                    <ul>{move || warn.get().into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                </section>
            </Show>
            {move || rows.with(|r| view! { <StrategyMap rows=r.clone() /> })}
            {Perspective::ALL.into_iter().map(|p| view! { <PerspectiveCard p rows goals manager /> }).collect_view()}
        </article>
    }
}

#[component]
fn PerspectiveCard(
    p: Perspective,
    rows: Memo<Vec<Row>>,
    goals: Memo<Vec<(String, u64, Goal)>>,
    manager: bool,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key = p.key();
    let title_id = format!("sc-{key}");
    let heading_id = title_id.clone();
    let placed = move || {
        goals
            .get()
            .into_iter()
            .filter(|(_, _, g)| g.perspective == Some(p))
            .collect::<Vec<_>>()
    };
    let choice = RwSignal::new(String::new());
    let options = Signal::derive(move || {
        let mut o = vec![(String::new(), "Choose a team goal".to_string())];
        o.extend(
            goals
                .get()
                .into_iter()
                .filter(|(_, _, g)| g.perspective != Some(p))
                .map(|(id, _, g)| (id, g.title)),
        );
        o
    });
    let place = move |goal: Option<(String, u64, Goal)>, to: Option<Perspective>| {
        if let Some((id, rev, mut g)) = goal {
            g.perspective = to;
            let _ = state.save(Some((id, rev)), Body::Goal(g));
        }
    };
    let add = move |_| {
        let id = choice.get_untracked();
        place(
            goals.get_untracked().into_iter().find(|(x, _, _)| *x == id),
            Some(p),
        );
        choice.set(String::new());
    };
    let here = move || {
        rows.get()
            .into_iter()
            .filter(|(_, i, _)| i.perspective == p)
            .collect::<Vec<_>>()
    };
    let chooser_id: &'static str = match p {
        Perspective::Results => "objective-results",
        Perspective::Customer => "objective-customer",
        Perspective::Process => "objective-process",
        Perspective::Learning => "objective-learning",
    };
    view! {
        <section class="panel perspective" aria-labelledby=title_id data-testid=format!("perspective-{key}")>
            <h2 id=heading_id>{p.label()}</h2>
            <h3>"Objectives"</h3>
            {move || {
                let list = placed();
                if list.is_empty() {
                    view! { <p class="empty">"No team goal placed here yet."</p> }.into_any()
                } else {
                    view! {
                        <ul class="objectives">
                            {list.into_iter().map(|(id, rev, g)| {
                                let again = (id.clone(), rev, g.clone());
                                let remove_label = format!("Remove “{}” from this perspective", g.title);
                                view! {
                                    <li>
                                        <A href=href(&format!("/goals/{id}"))>{g.title.clone()}</A>
                                        {manager.then(|| view! { <button type="button" class="link no-print" aria-label=remove_label.clone() on:click=move |_| place(Some(again.clone()), None)>"Remove"</button> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
            {manager.then(|| view! {
                <div class="row no-print">
                    <ChoiceField id=chooser_id label="Place a team goal here" value=choice options />
                    <div class="actions"><button type="button" on:click=add disabled=move || choice.with(String::is_empty)>"Place"</button></div>
                </div>
            })}
            <h3>"Indicators"</h3>
            {move || {
                let list = here();
                if list.is_empty() {
                    return view! { <p class="empty">"No indicator in this perspective."</p> }.into_any();
                }
                view! {
                    <TableScroll label=format!("Indicators: {}", p.label())>
                        <table class="scorecard-table">
                            <thead><tr>
                                <th scope="col">"Indicator"</th><th scope="col">"Target"</th><th scope="col">"Latest"</th>
                                <th scope="col">"Status"</th><th scope="col">"Trend"</th><th scope="col">"Change"</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|(id, ind, rs)| {
                                    let e = Entry { id: &id, indicator: &ind, readings: &rs };
                                    let (class, word) = health_badge(e.health());
                                    let latest = latest_change(&rs);
                                    let values = last_values(&rs, 12);
                                    let label = trend_words(&ind, &values);
                                    let change = latest.and_then(|(_, c)| c).map(|c| if c > 0.0 { format!("+{}", number(c)) } else { number(c) }).unwrap_or_else(|| "–".into());
                                    let name = ind.name.clone();
                                    let kind = ind.kind.short();
                                    let target = ind.target.map(|t| with_unit(&ind, t)).unwrap_or_default();
                                    let latest = latest.map(|(r, _)| with_unit(&ind, r.value)).unwrap_or_else(|| "–".into());
                                    view! {
                                        <tr data-testid="scorecard-row">
                                            <th scope="row">
                                                <A href=href(&format!("/indicators/{id}"))>{name}</A>
                                                <span class="tag">{kind}</span>
                                            </th>
                                            <td class="count">{target}</td>
                                            <td class="count">{latest}</td>
                                            <td><span class=class data-testid="scorecard-status">{word}</span></td>
                                            <td>{(!values.is_empty()).then(|| view! { <Sparkline values label /> })}</td>
                                            <td class="count">{change}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </TableScroll>
                }.into_any()
            }}
        </section>
    }
}

/// The strategy map: a band per perspective (results at the top), a box per indicator, an arrow
/// per link from driver to driven. The links are also listed in words below it.
#[component]
fn StrategyMap(rows: Vec<Row>) -> impl IntoView {
    const W: i32 = 640;
    const BAND: i32 = 90;
    const BOX_H: i32 = 40;
    let h = BAND * 4;
    let mut place: Vec<(String, i32, i32)> = vec![];
    for (band, p) in Perspective::ALL.into_iter().enumerate() {
        let here: Vec<&Row> = rows.iter().filter(|(_, i, _)| i.perspective == p).collect();
        let n = here.len().max(1) as i32;
        for (k, (id, _, _)) in here.into_iter().enumerate() {
            let cx = 100 + ((W - 100) * (2 * k as i32 + 1)) / (2 * n);
            let cy = band as i32 * BAND + BAND / 2;
            place.push((id.clone(), cx, cy));
        }
    }
    let at = |id: &str| {
        place
            .iter()
            .find(|(i, _, _)| i == id)
            .map(|(_, x, y)| (*x, *y))
    };
    let set: Vec<(&str, &Indicator)> = rows.iter().map(|(id, i, _)| (id.as_str(), i)).collect();
    let edges: Vec<(String, String)> = links(&set)
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    let name = |id: &str| {
        rows.iter()
            .find(|(i, _, _)| i == id)
            .map(|(_, x, _)| x.name.clone())
            .unwrap_or_default()
    };
    let words: Vec<String> = edges
        .iter()
        .map(|(a, b)| format!("{} → {}", name(a), name(b)))
        .collect();
    let label = if words.is_empty() {
        "Strategy map: no links between indicators yet.".to_string()
    } else {
        format!("Strategy map, what drives what: {}.", words.join("; "))
    };
    let arrows = edges
        .iter()
        .filter_map(|(a, b)| {
            let (x1, y1) = at(a)?;
            let (x2, y2) = at(b)?;
            // From the driver's edge towards the driven box's edge.
            let (y1, y2) = if y1 > y2 {
                (y1 - BOX_H / 2, y2 + BOX_H / 2)
            } else if y1 < y2 {
                (y1 + BOX_H / 2, y2 - BOX_H / 2)
            } else {
                (y1, y2)
            };
            Some(view! { <line class="link" x1=x1 y1=y1 x2=x2 y2=y2 marker-end="url(#arrow)" /> })
        })
        .collect_view();
    let boxes = rows
        .iter()
        .filter_map(|(id, ind, rs)| {
            let (cx, cy) = at(id)?;
            let h = latest_change(rs).and_then(|(r, _)| ind.health(r.value));
            let class = format!("node {}", health_badge(h).0.replace("status ", ""));
            let short: String = if ind.name.chars().count() > 22 {
                format!("{}…", ind.name.chars().take(21).collect::<String>())
            } else {
                ind.name.clone()
            };
            Some(view! {
                <g>
                    <rect class=class x=cx - 78 y=cy - BOX_H / 2 width="156" height=BOX_H rx="8" />
                    <text class="node-label" x=cx y=cy + 4 text-anchor="middle">{short}</text>
                </g>
            })
        })
        .collect_view();
    let bands = Perspective::ALL.into_iter().enumerate().map(|(band, p)| {
        let y = band as i32 * BAND;
        view! {
            <rect class="band" x="0" y=y width=W height=BAND />
            <text class="axis band-label" x="8" y=y + BAND / 2 + 4>{p.label().split(" / ").next().unwrap_or("").to_string()}</text>
        }
    }).collect_view();
    let title = label.clone();
    view! {
        <section class="panel" aria-labelledby="map-title" data-testid="strategy-map">
            <h2 id="map-title">"Strategy map"</h2>
            <figure class="chart map">
                <svg viewBox=format!("0 0 {W} {h}") role="img" aria-label=label>
                    <title>{title}</title>
                    <defs>
                        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                            <path d="M 0 0 L 10 5 L 0 10 z" />
                        </marker>
                    </defs>
                    {bands}
                    {arrows}
                    {boxes}
                </svg>
            </figure>
            {(!words.is_empty()).then(|| view! {
                <details>
                    <summary>"The links in words"</summary>
                    <ul data-testid="map-links">{words.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                </details>
            })}
        </section>
    }
}
