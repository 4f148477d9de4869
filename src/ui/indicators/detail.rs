//! One indicator: its lines in words, its readings (add one, import a CSV with a preview,
//! export them), the goals that follow it, and the lead-lag finding for each of its links. Also
//! the check-in's quick readings of a person's own indicators.
use leptos::prelude::*;
use leptos_router::components::A;

use super::list::IndicatorForm;
use super::{
    delete_indicator, health_badge, indicators, last_values, may_read, readings, remove_reading,
    save_reading, save_readings, trend_words, with_unit, IndTabs, Sparkline,
};
use crate::domain::dates::{long_date, parse_iso, Date};
use crate::domain::indicators::csv::{parse_readings, readings_csv};
use crate::domain::indicators::leadlag::{analyse, LeadLag, MAX_LAG_WEEKS, MIN_PAIRS};
use crate::domain::indicators::scorecard::Entry;
use crate::domain::indicators::{check_reading, number, Indicator, IndicatorKind, Reading};
use crate::domain::FieldError;
use crate::store::clock::now;
use crate::store::Body;
use crate::ui::components::{ChoiceField, FormErrors, TableScroll, TextArea, TextField};
use crate::ui::href;
use crate::ui::lookup::person_name;
use crate::ui::people::NotFound;
use crate::ui::state::AppState;

#[component]
pub fn IndicatorPage(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key = id.clone();
    let found = Memo::new(move |_| {
        state.repo.with(|r| match r.get(&key) {
            Some(rec) if !rec.deleted => match &rec.body {
                Body::Indicator(i) => Some((rec.rev, i.clone())),
                _ => None,
            },
            _ => None,
        })
    });
    move || match found.get() {
        None => view! { <NotFound what="indicator" /> }.into_any(),
        Some((rev, ind)) => view! { <Detail id=id.clone() rev ind /> }.into_any(),
    }
}

#[component]
fn Detail(id: String, rev: u64, ind: Indicator) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key = id.clone();
    let all = Memo::new(move |_| state.repo.with(|r| readings(r, &key)));
    let editing = RwSignal::new(false);
    let confirm_delete = RwSignal::new(false);
    let navigate = crate::ui::router::use_navigate();
    let (id_delete, ind_delete, id_rows) = (id.clone(), ind.clone(), id.clone());
    let manager = crate::ui::lookup::as_manager(state);
    let can_read = may_read(state, &ind);
    let today = now().date();
    let (ind_for_status, id_for_status) = (ind.clone(), id.clone());
    let status = move || {
        all.with(|rs| {
            let e = Entry {
                id: &id_for_status,
                indicator: &ind_for_status,
                readings: rs,
            };
            (health_badge(e.health()), e.reading_words())
        })
    };
    let others = state.repo.with_untracked(indicators);
    let name_of = |oid: &str| {
        others
            .iter()
            .find(|(o, _, _)| o == oid)
            .map(|(_, _, i)| i.name.clone())
    };
    let drives: Vec<(String, String)> = ind
        .drives
        .iter()
        .filter_map(|d| name_of(d).map(|n| (d.clone(), n)))
        .collect();
    let driven_by: Vec<(String, String)> = others
        .iter()
        .filter(|(_, _, o)| o.drives.contains(&id))
        .map(|(o, _, i)| (o.clone(), i.name.clone()))
        .collect();
    let links: Vec<(String, String, String, String)> = driven_by
        .iter()
        .map(|(o, n)| (o.clone(), n.clone(), id.clone(), ind.name.clone()))
        .chain(
            drives
                .iter()
                .map(|(o, n)| (id.clone(), ind.name.clone(), o.clone(), n.clone())),
        )
        .collect();
    let owner = if ind.owner.is_empty() {
        "The team".to_string()
    } else {
        person_name(state, &ind.owner)
    };
    let lines = ind.lines_words().unwrap_or_else(|| "No target yet.".into());
    let kind_label = ind.kind.label();
    let csv_name = format!("{}-readings.csv", slug(&ind.name));
    let export = move |_| {
        let text = all.with_untracked(|rs| readings_csv(rs));
        crate::ui::browser::download(&csv_name, "text/csv", &text);
    };
    let edit = (id.clone(), rev, ind.clone());
    let ind_spark = ind.clone();
    let ind_table = ind.clone();
    let (ind_form, id_form) = (ind.clone(), id.clone());
    let (ind_csv, id_csv) = (ind.clone(), id.clone());
    let id_goals = id.clone();
    view! {
        <article class="indicator" data-testid="indicator-page">
            <header class="page-head">
                <div>
                    <IndTabs />
                    <h1>{ind.name.clone()}</h1>
                    <p class="sub">{format!("{kind_label} · {} · {owner}", ind.perspective.label())}</p>
                    <p data-testid="indicator-status">{move || { let ((class, word), words) = status(); view! { <span class=class>{word}</span>" "{words} } }}</p>
                    <p class="hint">{format!("{}: {lines}.", ind.direction.label())}</p>
                </div>
                <div class="actions no-print">
                    {manager.then(|| view! { <button type="button" data-testid="edit-indicator" on:click=move |_| editing.set(true)>"Edit"</button> })}
                    <button type="button" data-testid="export-readings" on:click=export>"Export CSV"</button>
                    {manager.then(|| view! { <button type="button" class="danger" data-testid="delete-indicator" on:click=move |_| confirm_delete.set(true)>"Delete"</button> })}
                </div>
            </header>
            {move || confirm_delete.get().then(|| {
                let n = all.with(Vec::len);
                let (id, name) = (id_delete.clone(), ind_delete.name.clone());
                let navigate = navigate.clone();
                view! {
                    <section class="panel confirm" role="alertdialog" aria-labelledby="del-title" data-testid="confirm-delete">
                        <h2 id="del-title">{format!("Delete “{name}” and its {n} readings?")}</h2>
                        <p>"Goals that follow it keep their last value; links to it are dropped. Export its readings first if you may want them again."</p>
                        <div class="actions">
                            <button type="button" class="danger" data-testid="confirm-delete-indicator" on:click=move |_| {
                                delete_indicator(state, &id, rev);
                                state.say(format!("“{name}” deleted."));
                                navigate(&href("/indicators"));
                            }>"Delete it"</button>
                            <button type="button" on:click=move |_| confirm_delete.set(false)>"Cancel"</button>
                        </div>
                    </section>
                }
            })}
            {move || editing.get().then(|| view! { <IndicatorForm existing=Some(edit.clone()) on_done=Callback::new(move |_| editing.set(false)) /> })}
            <section class="panel" aria-labelledby="links-title">
                <h2 id="links-title">"Links"</h2>
                {(drives.is_empty() && driven_by.is_empty()).then(|| view! { <p class="empty">{match ind.kind { IndicatorKind::Leading => "It drives nothing yet: edit it to link the result it should move.", IndicatorKind::Lagging => "Nothing drives it yet: link the activity that predicts it from that indicator." }}</p> })}
                {(!drives.is_empty()).then(|| view! { <p class="links-line">"Drives: "{drives.clone().into_iter().map(|(o, n)| view! { <A href=href(&format!("/indicators/{o}"))>{n}</A>" " }).collect_view()}</p> })}
                {(!driven_by.is_empty()).then(|| view! { <p class="links-line">"Driven by: "{driven_by.clone().into_iter().map(|(o, n)| view! { <A href=href(&format!("/indicators/{o}"))>{n}</A>" " }).collect_view()}</p> })}
                {links.into_iter().map(|(from, from_name, to, to_name)| view! { <LeadLagFinding from from_name to to_name /> }).collect_view()}
            </section>
            {can_read.then(|| view! { <ReadingForm id=id_form ind=ind_form today /> })}
            {(manager || can_read).then(|| view! { <CsvImport id=id_csv ind=ind_csv today /> })}
            <section class="panel" aria-labelledby="readings-title">
                <h2 id="readings-title">"Readings"</h2>
                {move || {
                    let values = all.with(|rs| last_values(rs, 26));
                    let label = trend_words(&ind_spark, &values);
                    (!values.is_empty()).then(|| view! { <div class="spark-wide"><Sparkline values label /></div> })
                }}
                {move || {
                    let rs = all.get();
                    if rs.is_empty() {
                        return view! { <p class="empty">"No readings yet: add one above, or import a CSV."</p> }.into_any();
                    }
                    let ind = ind_table.clone();
                    let id_rows = id_rows.clone();
                    view! {
                        <TableScroll label="Readings">
                            <table data-testid="readings-table">
                                <thead><tr><th scope="col">"Date"</th><th scope="col">"Value"</th><th scope="col">"Status"</th><th scope="col">"Note"</th>{can_read.then(|| view! { <th scope="col"><span class="visually-hidden">"Remove"</span></th> })}</tr></thead>
                                <tbody>
                                    {rs.into_iter().rev().map(|r| {
                                        let (rid, on) = (id_rows.clone(), r.on);
                                        let (class, word) = health_badge(ind.health(r.value));
                                        view! {
                                            <tr>
                                                <th scope="row">{r.on.to_string()}</th>
                                                <td class="count">{with_unit(&ind, r.value)}</td>
                                                <td><span class=class>{word}</span></td>
                                                <td>{r.note.clone()}{r.by_self.then_some(" (their own report)")}</td>
                                                {can_read.then(|| view! { <td><button type="button" class="link" aria-label=format!("Remove the reading of {on}") on:click=move |_| { remove_reading(state, &rid, on); state.say(format!("Reading of {on} removed.")); }>"Remove"</button></td> })}
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </TableScroll>
                    }.into_any()
                }}
            </section>
            {manager.then(|| view! { <FollowingGoals id=id_goals /> })}
        </article>
    }
}

fn slug(name: &str) -> String {
    let s: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    s.split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// Adds one reading: a number, a date (today unless changed), a note. A second reading on a
/// day asks whether to replace the first.
#[component]
fn ReadingForm(id: String, ind: Indicator, today: Date) -> impl IntoView {
    let state = expect_context::<AppState>();
    let errors = FormErrors::new();
    let value = RwSignal::new(String::new());
    let on = RwSignal::new(today.to_string());
    let note = RwSignal::new(String::new());
    let replace = RwSignal::new(false);
    let unit = ind.unit.clone();
    let save = Callback::new(move |replacing: bool| {
        let existing = state.repo.with_untracked(|r| readings(r, &id));
        let others: Vec<Reading> = existing
            .into_iter()
            .filter(|r| !(replacing && Some(r.on) == parse_iso(on.get_untracked().trim())))
            .collect();
        match check_reading(
            &value.get_untracked(),
            parse_iso(on.get_untracked().trim()),
            &others,
            today,
        ) {
            Err(e) => {
                replace.set(e.field == "on" && e.message.contains("Replace"));
                errors.show("reading", vec![e]);
            }
            Ok((day, v)) => {
                let reading = Reading {
                    on: day,
                    value: v,
                    note: note.get_untracked().trim().to_string(),
                    by_self: false,
                };
                if save_reading(state, &id, &ind, reading) {
                    errors.clear();
                    replace.set(false);
                    value.set(String::new());
                    note.set(String::new());
                    state.say(format!("Reading of {day} saved."));
                }
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.run(false);
    };
    view! {
        <form class="form panel no-print" novalidate on:submit=submit data-testid="reading-form" aria-labelledby="reading-title">
            <h2 id="reading-title">"Add a reading"</h2>
            <div class="row-3">
                <TextField id="reading-value" label=if unit.is_empty() { "Value".to_string() } else { format!("Value ({unit})") } value error=errors.of("value") required=true kind="text" />
                <TextField id="reading-on" label="Date" value=on error=errors.of("on") kind="date" required=true />
                <TextField id="reading-note" label="Note (optional)" value=note error=errors.of("note") />
            </div>
            <div class="actions">
                <button type="submit" class="primary">"Save reading"</button>
                <Show when=move || replace.get()>
                    <button type="button" data-testid="replace-reading" on:click=move |_| save.run(true)>"Replace that day's reading"</button>
                </Show>
            </div>
        </form>
    }
}

/// Readings from a CSV file or pasted text: the whole file is checked and shown before anything
/// is saved; a bad row is named by line and column and nothing is saved.
#[component]
fn CsvImport(id: String, ind: Indicator, today: Date) -> impl IntoView {
    let state = expect_context::<AppState>();
    let text = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let preview = RwSignal::new(None::<Vec<Reading>>);
    let check = move |_| {
        preview.set(None);
        match parse_readings(&text.get_untracked(), today) {
            Err(p) => errors.show("csv", vec![FieldError::new("text", p.to_string())]),
            Ok(rs) if rs.is_empty() => errors.show(
                "csv",
                vec![FieldError::new(
                    "text",
                    "No readings in it: each line is date,value[,note].",
                )],
            ),
            Ok(rs) => {
                errors.clear();
                preview.set(Some(rs));
            }
        }
    };
    let on_file = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        leptos::task::spawn_local(async move {
            match crate::ui::browser::read_chosen_file(&input).await {
                Ok((_, t)) => text.set(t),
                Err(why) => errors.show("csv", vec![FieldError::new("text", why)]),
            }
        });
    };
    let ind_preview = ind.clone();
    let save_all = Callback::new(move |_: ()| {
        let Some(rs) = preview.get_untracked() else {
            return;
        };
        let n = rs.len();
        let saved = save_readings(state, &id, &ind, rs);
        preview.set(None);
        text.set(String::new());
        state.say(if saved == n {
            format!("{n} readings imported.")
        } else {
            format!("{saved} of {n} readings imported: see the message above.")
        });
    });
    view! {
        <section class="panel no-print" aria-labelledby="csv-title" data-testid="csv-import">
            <h2 id="csv-title">"Import readings from a CSV"</h2>
            <p class="hint">"One reading a line: date,value[,note], for example 2026-11-27,42,Two calls moved. A header line is fine. A reading on a day that already has one replaces it."</p>
            <div class="field">
                <label for="csv-file">"A CSV file"</label>
                <input id="csv-file" type="file" accept=".csv,text/csv,text/plain" on:change=on_file />
            </div>
            <TextArea id="csv-text" label="Or paste the lines" value=text error=errors.of("text") />
            <div class="actions">
                <button type="button" data-testid="csv-check" on:click=check>"Check and preview"</button>
            </div>
            {move || preview.get().map(|rs| {
                let ind = ind_preview.clone();
                let n = rs.len();
                view! {
                    <div data-testid="csv-preview">
                        <p>{format!("{n} readings, from {} to {}. Nothing is saved until you confirm.", rs[0].on, rs[n - 1].on)}</p>
                        <TableScroll label="Readings to import">
                            <table>
                                <thead><tr><th scope="col">"Date"</th><th scope="col">"Value"</th><th scope="col">"Note"</th></tr></thead>
                                <tbody>{rs.iter().map(|r| view! { <tr><th scope="row">{r.on.to_string()}</th><td class="count">{with_unit(&ind, r.value)}</td><td>{r.note.clone()}</td></tr> }).collect_view()}</tbody>
                            </table>
                        </TableScroll>
                        <div class="actions">
                            <button type="button" class="primary" data-testid="csv-save" on:click=move |_| save_all.run(())>{format!("Save {n} readings")}</button>
                            <button type="button" on:click=move |_| preview.set(None)>"Cancel"</button>
                        </div>
                    </div>
                }
            })}
        </section>
    }
}

/// The lead-lag finding for one link, in words, with a chart of the correlation at each lag and
/// the same figures as a table.
#[component]
fn LeadLagFinding(from: String, from_name: String, to: String, to_name: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let found = Memo::new(move |_| {
        state
            .repo
            .with(|r| analyse(&readings(r, &from), &readings(r, &to)))
    });
    let title = format!("{from_name} → {to_name}");
    view! {
        <div class="leadlag" data-testid="lead-lag">
            <h3>{title}</h3>
            <p data-testid="lead-lag-words">{move || found.with(|f| f.words(&from_name, &to_name))}</p>
            {move || found.get().more_needed().is_none().then(|| view! { <LagChart found=found.get() /> })}
            <p class="hint">{format!("Readings are put in weeks (the mean of each), and compared at lags of 0 to {MAX_LAG_WEEKS} weeks once at least {MIN_PAIRS} weeks have both.")}</p>
        </div>
    }
}

/// Bars of r at each lag (up is moving together, down moving against), and a table of them.
#[component]
fn LagChart(found: LeadLag) -> impl IntoView {
    const W: i32 = 360;
    const H: i32 = 140;
    const MID: i32 = 70;
    let bar_w = (W - 40) / found.by_lag.len() as i32;
    let best = found.best.map(|b| b.weeks);
    let bars = found.by_lag.iter().enumerate().map(|(i, a)| {
        let r = a.r.unwrap_or(0.0);
        let h = (r.abs() * 60.0).round() as i32;
        let x = 30 + i as i32 * bar_w;
        let y = if r >= 0.0 { MID - h } else { MID };
        let class = if Some(a.weeks) == best { "bar best" } else { "bar" };
        view! {
            <rect class=class x=x + 2 y=y width=bar_w - 4 height=h.max(1) />
            <text class="axis" x=x + bar_w / 2 y=H - 4 text-anchor="middle">{a.weeks.to_string()}</text>
        }
    }).collect_view();
    let label = format!(
        "Correlation at each lag of 0 to {MAX_LAG_WEEKS} weeks; the strongest at {} weeks.",
        best.unwrap_or(0)
    );
    let title = label.clone();
    view! {
        <figure class="chart lag-chart">
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=label>
                <title>{title}</title>
                <line class="grid" x1="30" x2=W - 10 y1=MID y2=MID />
                <text class="axis" x="26" y="14" text-anchor="end">"1"</text>
                <text class="axis" x="26" y=MID + 4 text-anchor="end">"0"</text>
                <text class="axis" x="26" y=H - 16 text-anchor="end">"-1"</text>
                {bars}
            </svg>
            <figcaption>"Weeks later (bars: r, the strongest highlighted)"</figcaption>
        </figure>
        <details>
            <summary>"The figures"</summary>
            <TableScroll label="Correlation by lag">
                <table>
                    <thead><tr><th scope="col">"Weeks later"</th><th scope="col">"Weeks compared"</th><th scope="col">"r"</th></tr></thead>
                    <tbody>{found.by_lag.iter().map(|a| view! { <tr><th scope="row">{a.weeks.to_string()}</th><td class="count">{a.pairs.to_string()}</td><td class="count">{a.r.map(number).unwrap_or_else(|| "–".into())}</td></tr> }).collect_view()}</tbody>
                </table>
            </TableScroll>
        </details>
    }
}

/// Goals whose measure follows this indicator, and a chooser to make another one follow it.
#[component]
fn FollowingGoals(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key = id.clone();
    let goals = Memo::new(move |_| {
        state.repo.with(|r| {
            r.goals()
                .into_iter()
                .filter(|(_, g)| g.measure.is_some() && !g.archived)
                .map(|(rec, g)| (rec.id.clone(), rec.rev, g.clone()))
                .collect::<Vec<_>>()
        })
    });
    let choice = RwSignal::new(String::new());
    let k2 = key.clone();
    let following = move || {
        goals
            .get()
            .into_iter()
            .filter(|(_, _, g)| g.indicator.as_deref() == Some(k2.as_str()))
            .collect::<Vec<_>>()
    };
    let k3 = key.clone();
    let options = Signal::derive(move || {
        let mut o = vec![(String::new(), "Choose a goal with a measure".to_string())];
        o.extend(
            goals
                .get()
                .into_iter()
                .filter(|(_, _, g)| g.indicator.as_deref() != Some(k3.as_str()))
                .map(|(gid, _, g)| (gid, g.title)),
        );
        o
    });
    let link = move |_| {
        let gid = choice.get_untracked();
        let Some((gid, rev, mut g)) = goals
            .get_untracked()
            .into_iter()
            .find(|(x, _, _)| *x == gid)
        else {
            return;
        };
        g.indicator = Some(key.clone());
        if let (Some(m), Some(last)) = (
            g.measure.as_mut(),
            state
                .repo
                .with_untracked(|r| readings(r, &key))
                .last()
                .cloned(),
        ) {
            m.current = last.value;
        }
        let _ = state.save(Some((gid, rev)), Body::Goal(g));
        choice.set(String::new());
        state.say("The goal now follows this indicator.");
    };
    view! {
        <section class="panel no-print" aria-labelledby="follow-title">
            <h2 id="follow-title">"Goals that follow it"</h2>
            <p class="hint">"A goal that follows an indicator takes each newest reading as its current value."</p>
            <ul class="following" data-testid="following-goals">
                {move || following().into_iter().map(|(gid, _, g)| view! { <li><A href=href(&format!("/goals/{gid}"))>{g.title}</A></li> }).collect_view()}
            </ul>
            <div class="row">
                <ChoiceField id="follow-goal" label="Make a goal follow it" value=choice options />
                <div class="actions"><button type="button" on:click=link disabled=move || choice.with(String::is_empty)>"Follow"</button></div>
            </div>
        </section>
    }
}

/// In a check-in: the person's own indicators, each with its latest reading and a field to
/// record this week's, saved with one tap.
#[component]
pub fn QuickReadings(person: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let mine: Vec<(String, Indicator)> = state.repo.with_untracked(|r| {
        indicators(r)
            .into_iter()
            .filter(|(_, _, i)| i.owner == person)
            .map(|(id, _, i)| (id, i))
            .collect()
    });
    (!mine.is_empty()).then(|| {
        let today = now().date();
        view! {
            <section class="panel" aria-labelledby="quick-readings-title" data-testid="quick-readings">
                <h2 id="quick-readings-title">"Their indicators"</h2>
                {mine.into_iter().enumerate().map(|(n, (id, ind))| view! { <QuickReading n id ind today /> }).collect_view()}
            </section>
        }
    })
}

#[component]
fn QuickReading(n: usize, id: String, ind: Indicator, today: Date) -> impl IntoView {
    let state = expect_context::<AppState>();
    let key = id.clone();
    let all = Memo::new(move |_| state.repo.with(|r| readings(r, &key)));
    let value = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let field = format!("quick-{n}");
    let (ind2, id2) = (ind.clone(), id.clone());
    let record = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Today's reading replaces one already taken today: the check-in's is the newest word.
        let others: Vec<Reading> = all
            .get_untracked()
            .into_iter()
            .filter(|r| r.on != today)
            .collect();
        match check_reading(&value.get_untracked(), Some(today), &others, today) {
            Err(e) => error.set(Some(e.message)),
            Ok((on, v)) => {
                if save_reading(
                    state,
                    &id2,
                    &ind2,
                    Reading {
                        on,
                        value: v,
                        ..Reading::default()
                    },
                ) {
                    error.set(None);
                    value.set(String::new());
                    state.say(format!("{} recorded.", ind2.name));
                }
            }
        }
    };
    let ind3 = ind.clone();
    let latest = move || {
        all.with(|rs| match rs.last() {
            Some(r) => format!(
                "Latest: {} on {}.",
                with_unit(&ind3, r.value),
                long_date(r.on)
            ),
            None => "No reading yet.".into(),
        })
    };
    view! {
        <form class="quick-reading" novalidate on:submit=record data-testid="quick-reading">
            <TextField id=field label=format!("{} today", ind.name) value error=Signal::derive(move || error.get()) kind="text" />
            <button type="submit">"Record"</button>
            <p class="hint" data-testid="quick-latest">{latest}</p>
        </form>
    }
}
