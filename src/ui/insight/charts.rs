//! A trend over twelve weeks in plain SVG (lines, stacked or grouped bars, a target line), with
//! its summary in words as the caption and every figure in a table beside it, so the picture is
//! never the only way to read it.
use leptos::prelude::*;

use crate::domain::dates::short_date;
use crate::domain::indicators::number;
use crate::domain::insight::trends::{Chart, Style};
use crate::ui::components::TableScroll;

// Whole-pixel coordinates (see components::chart).
const W: i32 = 360;
const H: i32 = 150;
const LEFT: i32 = 40;
const RIGHT: i32 = 8;
const TOP: i32 = 10;
const BOTTOM: i32 = 24;

#[component]
pub fn TrendChart(chart: Chart) -> impl IntoView {
    let n = chart.weeks.len().max(1) as i32;
    let top = chart.top();
    let plot_h = H - TOP - BOTTOM;
    let slot = (W - LEFT - RIGHT) / n;
    let y =
        move |v: f64| TOP + ((1.0 - (v / top).clamp(0.0, 1.0)) * f64::from(plot_h)).round() as i32;
    let cx = move |i: usize| LEFT + slot * i as i32 + slot / 2;
    let marks = match chart.style {
        Style::Line => chart
            .series
            .iter()
            .enumerate()
            .map(|(k, s)| {
                let pts: Vec<(i32, i32)> = s
                    .values
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| v.map(|v| (cx(i), y(v))))
                    .collect();
                let line: Vec<String> = pts.iter().map(|(x, y)| format!("{x},{y}")).collect();
                view! {
                    <polyline class=format!("trend s{k}") points=line.join(" ") />
                    {pts.into_iter().map(|(x, y)| view! { <circle class=format!("pt s{k}") cx=x cy=y r="3" /> }).collect_view()}
                }
                .into_any()
            })
            .collect_view(),
        Style::Stacked | Style::Grouped => {
            let stacked = chart.style == Style::Stacked;
            let m = if stacked { 1 } else { chart.series.len().max(1) as i32 };
            let bw = ((slot - 6) / m).max(2);
            (0..chart.weeks.len())
                .map(|i| {
                    let mut base = 0.0;
                    chart
                        .series
                        .iter()
                        .enumerate()
                        .filter_map(|(k, s)| {
                            let v = s.values[i].filter(|v| *v > 0.0)?;
                            let from = if stacked { base } else { 0.0 };
                            base += v;
                            let (y0, y1) = (y(from), y(from + v));
                            let x = cx(i) - slot / 2 + 3 + if stacked { 0 } else { bw * k as i32 };
                            Some(view! { <rect class=format!("tbar s{k}") x=x y=y1 width=bw height=(y0 - y1).max(1) /> })
                        })
                        .collect_view()
                        .into_any()
                })
                .collect_view()
        }
    };
    let target = chart.target.map(|t| {
        view! { <line class="target" x1=LEFT x2=W - RIGHT y1=y(t) y2=y(t) /> }
    });
    let first = chart
        .weeks
        .first()
        .copied()
        .map(short_date)
        .unwrap_or_default();
    let last = chart
        .weeks
        .last()
        .copied()
        .map(short_date)
        .unwrap_or_default();
    let unit = chart.unit.clone();
    let label = format!("{}: {}", chart.title, chart.summary);
    let title = label.clone();
    let legend = (chart.series.len() > 1 || chart.target.is_some()).then(|| {
        view! {
            <ul class="legend">
                {chart.series.iter().enumerate().map(|(k, s)| view! { <li><span class=format!("swatch s{k}") aria-hidden="true"></span>{s.name.clone()}</li> }).collect_view()}
                {chart.target.map(|t| view! { <li><span class="swatch target" aria-hidden="true"></span>{format!("Target {}", number(t))}</li> })}
            </ul>
        }
    });
    let head = chart
        .series
        .iter()
        .map(|s| view! { <th scope="col">{s.name.clone()}</th> })
        .collect_view();
    let rows = chart
        .weeks
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let cells = chart
                .series
                .iter()
                .map(|s| view! { <td class="count">{s.values[i].map(number).unwrap_or_else(|| "–".into())}</td> })
                .collect_view();
            view! { <tr><th scope="row">{short_date(*w)}</th>{cells}</tr> }
        })
        .collect_view();
    let table_label = format!("{} by week", chart.title);
    view! {
        <figure class="chart trend-chart" data-testid=format!("chart-{}", chart.key)>
            <h3>{chart.title.clone()}</h3>
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=label>
                <title>{title}</title>
                <line class="grid" x1=LEFT x2=W - RIGHT y1=y(0.0) y2=y(0.0) />
                <line class="grid" x1=LEFT x2=W - RIGHT y1=y(top) y2=y(top) />
                <text class="axis" x=LEFT - 4 y=y(top) + 4 text-anchor="end">{number(top)}</text>
                <text class="axis" x=LEFT - 4 y=y(0.0) + 4 text-anchor="end">"0"</text>
                {target}
                {marks}
                <text class="axis" x=LEFT y=H - 6>{first}</text>
                <text class="axis" x=W - RIGHT y=H - 6 text-anchor="end">{last}</text>
            </svg>
            {legend}
            <figcaption>{chart.summary.clone()}</figcaption>
            <details>
                <summary>"The figures"</summary>
                <TableScroll label=table_label>
                    <table>
                        <thead><tr><th scope="col">{format!("Week of ({unit})")}</th>{head}</tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </TableScroll>
            </details>
        </figure>
    }
}
