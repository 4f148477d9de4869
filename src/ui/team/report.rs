//! A person's latest weekly self-report, as the manager sees it on their page and in the
//! check-in.
use leptos::prelude::*;

use crate::domain::dates::{long_date, short_date};
use crate::domain::self_report::{
    confidence_trend, flags, freshness, is_recent, reports_of, says_something, self_vs_rated, Flag,
    Gap, SelfReport,
};
use crate::domain::standards::Rating;
use crate::store::Body;
use crate::ui::href;
use crate::ui::state::{now, AppState, Repo};
use leptos_router::components::A;

fn all_reports(r: &Repo) -> Vec<&SelfReport> {
    r.live()
        .filter_map(|rec| match &rec.body {
            Body::SelfReport(x) => Some(x),
            _ => None,
        })
        .collect()
}

/// `person`'s self-reports, newest week first.
pub fn reports_by<'a>(r: &'a Repo, person: &str) -> Vec<&'a SelfReport> {
    reports_of(person, &all_reports(r))
}

/// Every rating of `person`: their self-assessments and everyone else's ratings of them.
pub fn ratings_of<'a>(r: &'a Repo, person: &str) -> Vec<&'a Rating> {
    r.live()
        .filter_map(|rec| match &rec.body {
            Body::Rating(x) if x.person == person => Some(x),
            _ => None,
        })
        .collect()
}

/// One report in a list: its week and confidence, then each answer given.
#[component]
pub fn ReportLines(report: SelfReport) -> impl IntoView {
    let r = report;
    view! {
        <strong>{format!("Week of {}", long_date(r.week))}</strong>
        {r.confidence.map(|c| format!(" · confidence {c} of 5"))}
        <br />{format!("Done: {}", r.done)}
        <br />{format!("Next: {}", r.next)}
        {says_something(&r.blockers).then(|| view! { <br />{format!("Blockers: {}", r.blockers)} })}
        {says_something(&r.help).then(|| view! { <br />{format!("Help needed: {}", r.help)} })}
    }
}

/// A person's latest weekly self-report, for the manager preparing their 1:1 (their page and
/// the check-in): what got done, next priorities, blockers and help asked for, confidence and
/// its trend, what to look at, where their self-assessment differs from the latest rating, and
/// the earlier reports.
#[component]
pub fn SelfReportCard(#[prop(into)] person: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let today = now().date();
    let data = Memo::new(move |_| {
        state.repo.with(|r| {
            let mine = reports_by(r, &person);
            let flagged: Vec<String> = flags(&mine).iter().map(Flag::text).collect();
            let trend = confidence_trend(&mine, 4);
            let ratings = ratings_of(r, &person);
            let gaps: Vec<String> = self_vs_rated(&person, &ratings)
                .into_iter()
                .filter_map(|(item, own, rated, gap)| {
                    let (own, rated) = (own?.level?, rated?.level?);
                    (gap? != Gap::Same).then(|| {
                        format!(
                            "{item}: “{}” in their self-assessment, “{}” in the latest rating",
                            own.label(),
                            rated.label()
                        )
                    })
                })
                .collect();
            let mine: Vec<SelfReport> = mine.into_iter().cloned().collect();
            (mine, flagged, trend, gaps)
        })
    });
    let answer = |label: &'static str, text: String| {
        says_something(&text).then(|| view! { <dt>{label}</dt><dd class="prewrap">{text}</dd> })
    };
    view! {
        <section class="panel self-report" aria-labelledby="self-report-title" data-testid="self-report-card">
            {move || data.with(|(mine, flagged, trend, gaps)| {
                let Some(latest) = mine.first().cloned() else {
                    return view! {
                        <h2 id="self-report-title">"Self-report"</h2>
                        <p class="empty">"No self-report yet. In member mode (Team → Member mode) they write one each week: what got done, next priorities, blockers, help needed and their confidence."</p>
                    }.into_any();
                };
                let earlier: Vec<SelfReport> = mine.iter().skip(1).cloned().collect();
                view! {
                    <div class="panel-head">
                        <h2 id="self-report-title">"Latest self-report"</h2>
                        <span class="due-when">{freshness(Some(&latest), today)}</span>
                    </div>
                    <p class="sub">
                        {format!("Week of {}", long_date(latest.week))}
                        {latest.confidence.map(|c| format!(" · confidence {c} of 5"))}
                        {(mine.len() > 1).then(|| format!(" (trend {trend})"))}
                    </p>
                    {(!flagged.is_empty()).then(|| view! {
                        <ul class="flags" aria-label="To look at">
                            {flagged.clone().into_iter().map(|f| view! { <li class="flag">{f}</li> }).collect_view()}
                        </ul>
                    })}
                    <dl class="report">
                        <dt>"Done"</dt><dd class="prewrap">{latest.done.clone()}</dd>
                        <dt>"Next priorities"</dt><dd class="prewrap">{latest.next.clone()}</dd>
                        {answer("Blockers", latest.blockers.clone())}
                        {answer("Help needed", latest.help.clone())}
                    </dl>
                    {(!gaps.is_empty()).then(|| view! {
                        <h3>"Self-assessment differs"</h3>
                        <ul class="notes">{gaps.clone().into_iter().map(|g| view! { <li>{g}</li> }).collect_view()}</ul>
                    })}
                    {(!earlier.is_empty()).then(|| view! {
                        <details>
                            <summary>{format!("Earlier reports ({})", earlier.len())}</summary>
                            <ul class="notes">
                                {earlier.into_iter().map(|r| view! { <li><ReportLines report=r /></li> }).collect_view()}
                            </ul>
                        </details>
                    })}
                }.into_any()
            })}
        </section>
    }
}

/// Home: people whose self-report for this week or last raises something (a blocker, a request
/// for help, low or falling confidence), with a link to their page to prepare the 1:1.
#[component]
pub fn SelfReportSignals() -> impl IntoView {
    let state = expect_context::<AppState>();
    let today = now().date();
    let rows = Memo::new(move |_| {
        state.repo.with(|r| {
            if !r.is_loaded() {
                return vec![];
            }
            let all = all_reports(r);
            r.people()
                .into_iter()
                .filter(|(_, p)| !p.archived)
                .filter_map(|(rec, p)| {
                    let mine = reports_of(&rec.id, &all);
                    let latest = mine.first().filter(|l| is_recent(l, today))?;
                    let raised: Vec<String> = flags(&mine).iter().map(Flag::text).collect();
                    (!raised.is_empty()).then(|| {
                        (
                            rec.id.clone(),
                            p.name.clone(),
                            latest.week,
                            raised.join(" · "),
                        )
                    })
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <Show when=move || !rows.with(Vec::is_empty)>
            <section class="panel" aria-labelledby="home-self-reports" data-testid="home-self-reports">
                <h2 id="home-self-reports">"Raised in self-reports"</h2>
                <ul class="due-list">
                    {move || rows.get().into_iter().map(|(id, name, week, raised)| view! {
                        <li class="due-row">
                            <A href=href(&format!("/people/{id}"))>{name}</A>
                            <span class="due-when">{format!("{raised} · week of {}", short_date(week))}</span>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        </Show>
    }
}
