//! Indicators and the balanced scorecard (loaded on demand, see lib.rs): the list of leading and
//! lagging indicators with their links, one indicator's readings (by hand, from a CSV, exported
//! as one), the lead-lag analysis, and the scorecard with its strategy map. The check-in's quick
//! readings come from this chunk through `IndicatorSlot`.
pub mod detail;
pub mod list;
pub mod scorecard;

use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use leptos_router::components::A;

use crate::domain::dates::Date;
use crate::domain::goal::ProgressUpdate;
use crate::domain::indicators::{
    by_month, number, readings_of, with_reading, Health, Indicator, Reading, ReadingMonth,
};
use crate::store::Body;
use crate::ui::href;
use crate::ui::state::{AppState, Repo, SaveOutcome};

/// Links between the indicator pages.
#[component]
pub fn IndTabs() -> impl IntoView {
    view! {
        <nav class="subnav no-print" aria-label="Indicators">
            <A href=href("/indicators") exact=true>"Indicators"</A>
            <A href=href("/scorecard")>"Scorecard"</A>
        </nav>
    }
}

/// Every indicator this device holds: (id, revision, indicator), in the scorecard's order
/// (results first), then by name.
pub fn indicators(r: &Repo) -> Vec<(String, u64, Indicator)> {
    let mut all: Vec<(String, u64, Indicator)> = r
        .live()
        .filter_map(|rec| match &rec.body {
            Body::Indicator(i) => Some((rec.id.clone(), rec.rev, i.clone())),
            _ => None,
        })
        .collect();
    all.sort_by(|a, b| {
        (std::cmp::Reverse(a.2.perspective), a.2.name.to_lowercase())
            .cmp(&(std::cmp::Reverse(b.2.perspective), b.2.name.to_lowercase()))
    });
    all
}

/// Every indicator with its readings, in `indicators`' order, reading the records once.
pub fn with_readings(r: &Repo) -> Vec<(String, u64, Indicator, Vec<Reading>)> {
    let months: Vec<&ReadingMonth> = r
        .live()
        .filter_map(|rec| match &rec.body {
            Body::Readings(m) => Some(m),
            _ => None,
        })
        .collect();
    indicators(r)
        .into_iter()
        .map(|(id, rev, i)| {
            let rs = readings_of(&id, months.iter().copied());
            (id, rev, i, rs)
        })
        .collect()
}

/// The readings of indicator `id`, oldest first, from all its months' records.
pub fn readings(r: &Repo, id: &str) -> Vec<Reading> {
    readings_of(
        id,
        r.live().filter_map(|rec| match &rec.body {
            Body::Readings(m) => Some(m),
            _ => None,
        }),
    )
}

/// Whether this device may add readings to `ind` now: the manager to any; a member (on their
/// device, or in member mode) to their own, as self-reports.
pub fn may_read(state: AppState, ind: &Indicator) -> bool {
    crate::ui::lookup::as_manager(state)
        || (!ind.owner.is_empty() && crate::ui::lookup::is_self(state, &ind.owner))
}

/// Saves `reading` of indicator `id` (see `save_readings`).
pub fn save_reading(state: AppState, id: &str, ind: &Indicator, reading: Reading) -> bool {
    save_readings(state, id, ind, vec![reading]) == 1
}

/// Saves readings of indicator `id`, each into its month's record on this device (one write per
/// month), replacing any on the same day; then moves the measure of each goal that follows the
/// indicator. A member's readings are marked as their own reports. Returns how many were saved.
pub fn save_readings(state: AppState, id: &str, ind: &Indicator, readings: Vec<Reading>) -> usize {
    let by_self = !ind.owner.is_empty() && crate::ui::lookup::is_self(state, &ind.owner);
    let mut months = months_of(state, id);
    let mut saved = 0;
    let mut newest: Option<(Date, f64)> = None;
    for month in by_month(&readings) {
        let key = (month[0].on.year(), month[0].on.month());
        let existing = months.iter().position(|(_, _, m)| m.month() == Some(key));
        let mut body = existing.map(|i| months[i].2.clone());
        for mut reading in month.iter().cloned() {
            reading.by_self = by_self;
            body = Some(with_reading(body.as_ref(), id, &ind.owner, reading));
        }
        let Some(body) = body else { continue };
        let target = existing.map(|i| (months[i].0.clone(), months[i].1));
        match state.save(target, Body::Readings(body)) {
            SaveOutcome::Saved(rec) | SaveOutcome::InMemoryOnly(rec) => {
                saved += month.len();
                if let Some(last) = month
                    .last()
                    .filter(|l| newest.is_none_or(|(on, _)| l.on > on))
                {
                    newest = Some((last.on, last.value));
                }
                if let Body::Readings(m) = rec.body {
                    months.push((rec.id, rec.rev, m));
                }
            }
            SaveOutcome::Conflict(_) | SaveOutcome::Missing => {
                state.say("Not saved: this month's readings changed in another tab. Try again.");
            }
            SaveOutcome::NotAllowed => {}
        }
    }
    if let Some((on, value)) = newest {
        follow(state, id, on, value);
    }
    saved
}

/// The month records of indicator `id` on this device: (id, revision, month).
fn months_of(state: AppState, id: &str) -> Vec<(String, u64, ReadingMonth)> {
    state.repo.with_untracked(|r| {
        r.live()
            .filter_map(|rec| match &rec.body {
                Body::Readings(m) if m.indicator == id => {
                    Some((rec.id.clone(), rec.rev, m.clone()))
                }
                _ => None,
            })
            .collect()
    })
}

/// Removes the reading of `on` from indicator `id` (from every month record holding one); a
/// month left empty is deleted.
pub fn remove_reading(state: AppState, id: &str, on: Date) {
    for (rid, rev, mut m) in months_of(state, id) {
        if !m.readings.iter().any(|r| r.on == on) {
            continue;
        }
        m.readings.retain(|r| r.on != on);
        let _ = if m.readings.is_empty() {
            state.delete(&rid, rev)
        } else {
            state.save(Some((rid, rev)), Body::Readings(m))
        };
    }
}

/// Deletes indicator `id` with every month of its readings.
pub fn delete_indicator(state: AppState, id: &str, rev: u64) {
    for (rid, mrev, _) in months_of(state, id) {
        let _ = state.delete(&rid, mrev);
    }
    let _ = state.delete(id, rev);
}

/// Each goal whose measure follows indicator `id` takes the newest reading as its current value.
fn follow(state: AppState, id: &str, on: Date, value: f64) {
    let newest = state
        .repo
        .with_untracked(|r| readings(r, id).last().map(|r| r.on))
        == Some(on);
    if !newest {
        return;
    }
    let goals: Vec<(String, u64, crate::domain::Goal)> = state.repo.with_untracked(|r| {
        r.goals()
            .into_iter()
            .filter(|(_, g)| g.indicator.as_deref() == Some(id) && g.measure.is_some())
            .map(|(rec, g)| (rec.id.clone(), rec.rev, g.clone()))
            .collect()
    });
    for (gid, rev, mut g) in goals {
        if let Some(m) = g.measure.as_mut() {
            m.current = value;
        }
        g.updates.retain(|u| !(u.on == on && u.value.is_some()));
        g.updates.push(ProgressUpdate {
            on,
            value: Some(value),
            note: "From the indicator's reading.".into(),
            ..ProgressUpdate::default()
        });
        let _ = state.save(Some((gid, rev)), Body::Goal(g));
    }
}

/// The class and words of a health.
pub fn health_badge(h: Option<Health>) -> (&'static str, &'static str) {
    match h {
        Some(Health::Healthy) => ("status status-on_track", "Healthy"),
        Some(Health::Watch) => ("status status-at_risk", "Watch"),
        Some(Health::Unhealthy) => ("status status-off_track", "Unhealthy"),
        None => ("status status-dropped", "No reading"),
    }
}

/// A value with the indicator's unit: "44 calls", "93%".
pub fn with_unit(ind: &Indicator, v: f64) -> String {
    match ind.unit.trim() {
        "" => number(v),
        "%" => format!("{}%", number(v)),
        u => format!("{} {u}", number(v)),
    }
}

/// A small trend line of the last readings, in plain SVG, with its words for screen readers.
#[component]
pub fn Sparkline(values: Vec<f64>, #[prop(into)] label: String) -> impl IntoView {
    const W: i32 = 120;
    const H: i32 = 32;
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let span = (hi - lo).max(1e-9);
    let n = values.len().max(2) - 1;
    let points: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let x = 2 + (i as i32 * (W - 4)) / n as i32;
            let y = H - 3 - (((v - lo) / span) * f64::from(H - 6)).round() as i32;
            format!("{x},{y}")
        })
        .collect();
    let last = points.last().cloned();
    let title = label.clone();
    view! {
        <svg class="sparkline" viewBox=format!("0 0 {W} {H}") role="img" aria-label=label>
            <title>{title}</title>
            <polyline points=points.join(" ") />
            {last.map(|p| {
                let (x, y) = p.split_once(',').unwrap_or(("0", "0"));
                view! { <circle cx=x.to_string() cy=y.to_string() r="3" /> }
            })}
        </svg>
    }
}

/// Words for a sparkline: "Last 12 readings, from 31 to 44 calls, latest 44 calls."
pub fn trend_words(ind: &Indicator, values: &[f64]) -> String {
    let (Some(first), Some(last)) = (values.first(), values.last()) else {
        return "No readings yet.".into();
    };
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    format!(
        "Last {} readings of {}: from {} at first to {} now, lowest {}, highest {}.",
        values.len(),
        ind.name,
        with_unit(ind, *first),
        with_unit(ind, *last),
        with_unit(ind, lo),
        with_unit(ind, hi)
    )
}

/// The last `n` values, oldest first.
pub fn last_values(readings: &[Reading], n: usize) -> Vec<f64> {
    readings[readings.len().saturating_sub(n)..]
        .iter()
        .map(|r| r.value)
        .collect()
}

/// Pieces of this area drawn on other areas' pages.
#[derive(Clone, Debug, PartialEq)]
pub enum IndicatorPiece {
    /// The check-in: the person's own indicators, each with a quick reading.
    CheckIn(String),
}

#[wasm_split(indicators, wasm_split_path = ::leptos::wasm_split, fallible)]
fn indicator_piece(piece: IndicatorPiece) -> Result<AnyView, SplitLoaderError> {
    Ok(untrack(|| match piece {
        IndicatorPiece::CheckIn(person) => view! { <detail::QuickReadings person /> }.into_any(),
    }))
}

/// A piece of this area on another page, once its chunk is here.
#[component]
pub fn IndicatorSlot(piece: IndicatorPiece) -> impl IntoView {
    let card = Suspend::new(async move {
        indicator_piece(piece).await.unwrap_or_else(|_| {
            view! { <p class="inline-warning">"The indicators could not be downloaded. Check the connection, then reload."</p> }.into_any()
        })
    });
    view! { <Suspense fallback=|| ()>{card}</Suspense> }
}
