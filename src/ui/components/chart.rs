//! A progress-over-time chart in plain SVG: the actual readings against the ideal straight
//! line from start to deadline, with today marked. Sized by its viewBox, so it scales to the
//! screen and stays sharp on a tablet.
use leptos::prelude::*;

use crate::domain::dates::{days_between, short_date, Date};

// Whole-pixel coordinates in a 600 x 240 viewBox: precise enough, and integers keep Rust's
// float formatting out of the bundle.
const W: i32 = 600;
const H: i32 = 240;
const LEFT: i32 = 48;
const RIGHT: i32 = 16;
const TOP: i32 = 16;
const BOTTOM: i32 = 36;

#[component]
pub fn ProgressChart(
    /// (day, share 0-1), oldest first.
    points: Vec<(Date, f64)>,
    start: Date,
    due: Date,
    today: Date,
) -> impl IntoView {
    let span = days_between(start, due).max(1) as f64;
    let x = move |d: Date| {
        LEFT + ((days_between(start, d) as f64 / span).clamp(0.0, 1.0)
            * f64::from(W - LEFT - RIGHT))
        .round() as i32
    };
    let y = |v: f64| TOP + ((1.0 - v.clamp(0.0, 1.0)) * f64::from(H - TOP - BOTTOM)).round() as i32;
    let line: Vec<String> = points
        .iter()
        .map(|(d, v)| format!("{},{}", x(*d), y(*v)))
        .collect();
    let latest = points.last().map(|(_, v)| *v).unwrap_or(0.0);
    let label = format!(
        "Progress over time: {} reading(s) from {} to {}, now {} %; the ideal line reaches 100 % on {}.",
        points.len(),
        short_date(start),
        short_date(due),
        (latest * 100.0).round() as i64,
        short_date(due)
    );
    let title = label.clone();
    let grid = [0.0, 0.5, 1.0]
        .into_iter()
        .map(|v| {
            view! {
                <line class="grid" x1=LEFT x2=W - RIGHT y1=y(v) y2=y(v) />
                <text class="axis" x=LEFT - 6 y=y(v) + 4 text-anchor="end">{format!("{} %", (v * 100.0) as i32)}</text>
            }
        })
        .collect_view();
    let in_span = start <= today && today <= due;
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=label.clone() data-testid="progress-chart">
                <title>{title}</title>
                {grid}
                <line class="ideal" x1=x(start) y1=y(0.0) x2=x(due) y2=y(1.0) />
                {in_span.then(|| view! { <line class="today" x1=x(today) x2=x(today) y1=TOP y2=H - BOTTOM /> })}
                <polyline class="actual" points=line.join(" ") />
                {points.iter().map(|(d, v)| view! { <circle class="dot" cx=x(*d) cy=y(*v) r="4" /> }).collect_view()}
                <text class="axis" x=LEFT y=H - 10>{short_date(start)}</text>
                <text class="axis" x=W - RIGHT y=H - 10 text-anchor="end">{short_date(due)}</text>
                {in_span.then(|| view! { <text class="axis today-label" x=x(today) y=H - 10 text-anchor="middle">"today"</text> })}
            </svg>
            <figcaption>
                <span class="key actual-key">"Actual"</span>
                <span class="key ideal-key">"Ideal pace"</span>
            </figcaption>
        </figure>
    }
}
