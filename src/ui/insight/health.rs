//! The three-tier health of the team's performance system: on Home, each tier's score with its
//! weakest measure; on `/insights`, every measure with its thresholds and counts, and each
//! tier's score at the end of the last four quarters.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::domain::dates::Date;
use crate::domain::health::{
    measures, quarter_ends, score, score_state, weakest, Inputs, Measure, Tier, HEALTHY_SCORE,
    WATCH_SCORE,
};
use crate::domain::GoalLevel;
use crate::ui::components::TableScroll;
use crate::ui::href;
use crate::ui::state::{now, AppState};

use super::Gathered;

/// Quarters of history beside today's scores.
const QUARTERS: usize = 4;

/// Today's measures, and each tier's score at each quarter's end (oldest first, today last).
pub(super) fn health_of(
    all: &Gathered,
    today: Date,
    quarters: usize,
) -> (Vec<Measure>, Vec<(Date, Vec<Option<u8>>)>) {
    let inputs = Inputs {
        goals: all.goals.clone(),
        people: all.expected_from(),
        check_ins: all.check_ins.clone(),
        reviews: all.reviews.clone(),
        feedback: all.feedback.clone(),
        wins: all.wins.clone(),
        reports: all.reports.clone(),
        ratings: all.ratings.clone(),
        assessments: all.assessments.clone(),
        stretches: all.stretches.clone(),
        charter: all.charters.iter().copied().max_by_key(|c| c.number),
        acks: all.acks.clone(),
    };
    let now = measures(&inputs, today);
    let scores = |m: &[Measure]| Tier::ALL.iter().map(|t| score(m, *t)).collect();
    let history = quarter_ends(today, quarters)
        .into_iter()
        .map(|day| {
            if day == today {
                (day, scores(&now))
            } else {
                (day, scores(&measures(&inputs, day)))
            }
        })
        .collect();
    (now, history)
}

pub(super) fn score_text(s: Option<u8>) -> String {
    s.map_or_else(|| "–".into(), |s| format!("{s}"))
}

/// The tiers' scores. `compact`: Home's three cards; else the whole view with its tables.
#[component]
pub fn TeamHealth(compact: bool) -> impl IntoView {
    let state = expect_context::<AppState>();
    let data = Memo::new(move |_| {
        let today = now().date();
        // Home's cards need only today's scores; the history is for /insights.
        state
            .repo
            .with(|r| health_of(&Gathered::of(r), today, if compact { 0 } else { QUARTERS }))
    });
    let cards = move || {
        data.with(|(m, _)| {
            Tier::ALL
                .iter()
                .map(|t| {
                    let s = score(m, *t);
                    let mine: Vec<Measure> = m.iter().filter(|x| x.tier == *t).cloned().collect();
                    let weak = weakest(&mine).map(|w| format!("Weakest: {} ({}).", w.name, w.detail));
                    let badge = s.map(|s| score_state(s).label()).unwrap_or("Not measured yet");
                    view! {
                        <li class="tier" data-testid=format!("tier-{}", t.key())>
                            <h3>{t.label()}</h3>
                            <p class="tier-score"><strong>{score_text(s)}</strong><span class="sub">" / 100 "</span><span class="badge">{badge}</span></p>
                            <p class="hint">{weak.unwrap_or_else(|| "Every measure is healthy.".into())}</p>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let rows = move || {
        data.with(|(m, _)| {
            m.iter()
                .map(|x| {
                    let value = x.value.map_or_else(
                        || "–".into(),
                        |v| format!("{} %", (v * 100.0).round() as i64),
                    );
                    let st = x.state().map_or("Not measured yet", |s| s.label());
                    view! {
                        <tr data-testid=format!("measure-{}", x.key)>
                            <th scope="row">{x.name}<span class="hint">{x.tier.label()}</span></th>
                            <td class="count">{value}</td>
                            <td>{st}</td>
                            <td>{x.detail.clone()}". "{x.thresholds()}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let history = move || {
        data.with(|(_, h)| {
            let head = h
                .iter()
                .enumerate()
                .map(|(i, (d, _))| {
                    let label = if i + 1 == h.len() {
                        "Today".to_string()
                    } else {
                        format!("End of {}", GoalLevel::Tactical.period_on(*d).label())
                    };
                    view! { <th scope="col">{label}</th> }
                })
                .collect_view();
            let body = Tier::ALL
                .iter()
                .enumerate()
                .map(|(k, t)| {
                    let cells = h
                        .iter()
                        .map(|(_, s)| view! { <td class="count">{score_text(s[k])}</td> })
                        .collect_view();
                    view! { <tr><th scope="row">{t.label()}</th>{cells}</tr> }
                })
                .collect_view();
            view! {
                <TableScroll label="Tier scores by quarter">
                    <table data-testid="tier-history">
                        <thead><tr><th scope="col">"Tier"</th>{head}</tr></thead>
                        <tbody>{body}</tbody>
                    </table>
                </TableScroll>
            }
        })
    };
    view! {
        <section class="panel team-health" aria-labelledby="health-title" data-testid="team-health">
            <div class="panel-head">
                <h2 id="health-title">"Team health, tier by tier"</h2>
                {compact.then(|| view! { <A href=href("/insights#health-title") attr:class="button">"How the scores are made"</A> })}
            </div>
            <ul class="tiers">{cards}</ul>
            {(!compact).then(|| view! {
                <p class="hint">{format!(
                    "Each measure counts as its share of its healthy line, at most 100 %; a tier is the mean of its measures, healthy from {HEALTHY_SCORE} and worth watching from {WATCH_SCORE}. Measures with nothing to count yet are left out."
                )}</p>
                <TableScroll label="Health measures">
                    <table class="measures">
                        <thead><tr><th scope="col">"Measure"</th><th scope="col">"Now"</th><th scope="col">"State"</th><th scope="col">"Based on"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </TableScroll>
                <h3>"Over the last four quarters"</h3>
                {history}
            })}
        </section>
    }
}
