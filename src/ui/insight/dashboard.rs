//! The dashboard (twelve weeks of trends, for the team or one person), the pattern analysis
//! (success factors and barriers), a person's monthly report for the monthly review, and the
//! browser notifications of what is due, asked for only from a button.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::domain::cadence::{due_list, held_dates, on_time_share};
use crate::domain::dates::Date;
use crate::domain::insight::patterns::{barriers, success_factors, FactorInputs, MIN_CASES};
use crate::domain::insight::report::{monthly_markdown, PersonMonth};
use crate::domain::insight::trends::{self, Chart};
use crate::domain::insight::{active, reminders, WarningNote};
use crate::domain::review::month_summary;
use crate::domain::Goal;
use crate::store::device;
use crate::ui::href;
use crate::ui::state::{now, AppState, Repo};

use super::charts::TrendChart;
use super::{collect, notes, Gathered};

/// Barriers are looked for in the check-ins of this many days.
const BARRIER_DAYS: i64 = 90;

/// The charts of the team (`person` None) or of one person, over the last twelve weeks.
pub fn trends_of(r: &Repo, person: Option<&str>, today: Date) -> Vec<Chart> {
    let all = Gathered::of(r);
    let mut out: Vec<Chart> = trends::goal_status(&all.goals, person, today)
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    out.push(trends::on_time(
        &all.expected_from(),
        &all.check_ins,
        person,
        today,
    ));
    out.push(trends::balance(&all.feedback, &all.wins, person, today));
    out.push(trends::confidence(&all.reports, person, today));
    let owner = person.unwrap_or("");
    for (id, _, ind, readings) in crate::ui::indicators::with_readings(r) {
        if ind.owner == owner && ind.target.is_some() {
            out.push(trends::indicator(&id, &ind, &readings, today));
        }
    }
    out
}

/// Twelve weeks of trends, each chart with its words and its table.
#[component]
pub fn Dashboard(#[prop(optional)] person: Option<String>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let who = person.clone();
    let charts = Memo::new(move |_| {
        let today = now().date();
        state.repo.with(|r| trends_of(r, who.as_deref(), today))
    });
    let heading = if person.is_some() {
        "Their last 12 weeks"
    } else {
        "The last 12 weeks"
    };
    view! {
        <section class="panel dashboard" aria-labelledby="dashboard-title" data-testid="dashboard">
            <h2 id="dashboard-title">{heading}</h2>
            <p class="hint">"Each chart is rebuilt from what was recorded by the end of each week. Open “The figures” under a chart for its table."</p>
            <div class="chart-grid">
                {move || charts.get().into_iter().map(|c| view! { <TrendChart chart=c /> }).collect_view()}
            </div>
        </section>
    }
}

/// Success factors and barriers, each finding with the number of cases it rests on.
#[component]
pub fn Patterns() -> impl IntoView {
    let state = expect_context::<AppState>();
    let found = Memo::new(move |_| {
        let today = now().date();
        state.repo.with(|r| {
            let all = Gathered::of(r);
            let inputs = FactorInputs {
                goals: all.goals.iter().map(|(id, g, _)| (*id, *g)).collect(),
                people: all.expected_from(),
                check_ins: all.check_ins.clone(),
                wins: all.wins.clone(),
            };
            let (finished, factors) = success_factors(&inputs, today);
            let name = |id: &str| {
                all.people.iter().find(|(p, _, _)| *p == id).map_or_else(
                    || "someone no longer on the team".to_string(),
                    |(_, p, _)| p.name.clone(),
                )
            };
            let title = |id: &str| {
                all.goals
                    .iter()
                    .find(|(g, _, _)| *g == id)
                    .map(|(_, g, _)| g.title.clone())
            };
            let themes: Vec<(String, String, String, Vec<(String, String)>, String)> =
                barriers(&all.check_ins, &inputs.goals, today.add_days(-BARRIER_DAYS))
                    .into_iter()
                    .take(8)
                    .map(|b| {
                        let people: Vec<String> = b.people.iter().map(|p| name(p)).collect();
                        let goals: Vec<(String, String)> = b
                            .goals
                            .iter()
                            .filter_map(|g| title(g).map(|t| (g.clone(), t)))
                            .collect();
                        (
                            b.label,
                            b.count.to_string(),
                            people.join(", "),
                            goals,
                            b.finding,
                        )
                    })
                    .collect();
            (finished, factors, themes)
        })
    });
    view! {
        <section class="panel" aria-labelledby="factors-title" data-testid="success-factors">
            <h2 id="factors-title">"Success factors"</h2>
            <p class="hint">{move || format!(
                "Set beside the {} goals with a deadline that are finished (on time or late). A finding needs {MIN_CASES} goals with the factor and {MIN_CASES} without; these are counts, not causes.",
                found.with(|f| f.0)
            )}</p>
            <ul class="findings">
                {move || (found.with(|f| f.0) == 0).then(|| view! { <li>"No goal with a deadline has finished yet: the factors appear as goals finish."</li> })}
                {move || found.with(|f| if f.0 == 0 { vec![] } else { f.1.clone() }).into_iter().map(|x| view! {
                    <li class:thin=!x.enough data-testid="factor"><strong>{x.name}</strong>" "{x.finding}</li>
                }).collect_view()}
            </ul>
        </section>
        <section class="panel" aria-labelledby="barriers-title" data-testid="barriers">
            <h2 id="barriers-title">"Barriers"</h2>
            <p class="hint">{format!("Obstacles raised in check-ins over the last {BARRIER_DAYS} days, grouped by the words they share; the most common first.")}</p>
            {move || if found.with(|f| f.2.is_empty()) {
                view! { <p class="empty">"No obstacle raised in that time."</p> }.into_any()
            } else {
                view! {
                    <crate::ui::components::TableScroll label="Barriers">
                        <table class="barriers-table">
                            <thead><tr><th scope="col">"Theme"</th><th scope="col">"Times"</th><th scope="col">"Raised by"</th><th scope="col">"Goals touched"</th></tr></thead>
                            <tbody>
                                {found.with(|f| f.2.clone()).into_iter().map(|(label, count, people, goals, finding)| view! {
                                    <tr data-testid="barrier">
                                        <th scope="row">{label}<span class="hint">{finding}</span></th>
                                        <td class="count">{count}</td>
                                        <td>{people}</td>
                                        <td>{if goals.is_empty() { view! { "–" }.into_any() } else {
                                            goals.into_iter().map(|(id, t)| view! { <A href=href(&format!("/goals/{id}"))>{t}</A>" " }).collect_view().into_any()
                                        }}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </crate::ui::components::TableScroll>
                }.into_any()
            }}
        </section>
    }
}

/// A person's report of the month from `first` to `last`, for their monthly review.
pub fn month_report(r: &Repo, person: &str, first: Date, last: Date, today: Date) -> String {
    let all = Gathered::of(r);
    let name = all
        .people
        .iter()
        .find(|(id, _, _)| *id == person)
        .map_or("Someone no longer on the team", |(_, p, _)| p.name.as_str());
    let goals: Vec<(String, Goal)> = all
        .goals
        .iter()
        .filter(|(_, g, _)| g.owner == person)
        .map(|(id, g, _)| (id.to_string(), (*g).clone()))
        .collect();
    let summary = month_summary(person, first, last, &goals, &all.check_ins);
    let on_time = all
        .expected_from()
        .into_iter()
        .find(|(id, _, _)| *id == person)
        .map_or((0, 0), |(_, p, since)| {
            on_time_share(
                p.cadence,
                &held_dates(person, all.check_ins.iter().copied()),
                Some(since),
                last.min(today),
            )
        });
    let handled = notes(r);
    let refs: Vec<&WarningNote> = handled.iter().collect();
    let open: Vec<_> = active(collect(r, today), &refs, today)
        .into_iter()
        .filter(|w| w.person == person)
        .collect();
    let mut confidence: Vec<(Date, u8)> = all
        .reports
        .iter()
        .filter(|s| s.person == person)
        .filter_map(|s| s.confidence.map(|c| (s.week, c)))
        .collect();
    confidence.sort_by_key(|x| x.0);
    monthly_markdown(&PersonMonth {
        name,
        first,
        last,
        summary: &summary,
        on_time,
        feedback: all
            .feedback
            .iter()
            .copied()
            .filter(|f| f.person == person)
            .collect(),
        wins: all
            .wins
            .iter()
            .copied()
            .filter(|w| w.contributors.iter().any(|c| c == person))
            .collect(),
        confidence,
        obstacles: all
            .check_ins
            .iter()
            .filter(|c| c.person == person && c.held_on >= first && c.held_on <= last)
            .flat_map(|c| c.obstacles.iter().map(|o| o.text.clone()))
            .collect(),
        warnings: open.iter().collect(),
    })
}

/// The month's report inside the monthly review: read it there, download or copy it.
#[component]
pub fn MonthReport(person: String, first: Date, last: Date) -> impl IntoView {
    let state = expect_context::<AppState>();
    let who = person.clone();
    let text = Memo::new(move |_| {
        state
            .repo
            .with(|r| month_report(r, &who, first, last, now().date()))
    });
    let file = format!(
        "trellis-monthly-report-{person}-{}.md",
        &first.to_string()[..7]
    );
    view! {
        <details class="month-report" data-testid="month-report">
            <summary>"The month's report: goals, 1:1s, feedback, self-reports, obstacles and open warnings"</summary>
            <super::ReportActions file text testid="month-report-download" />
            <pre class="report-text" data-testid="month-report-text">{move || text.get()}</pre>
        </details>
    }
}

/// What is due now, as notification lines.
fn due_now(r: &Repo, today: Date) -> Vec<String> {
    let all = Gathered::of(r);
    let due = due_list(&all.owned_people(), &all.check_ins, today);
    let name = |id: &str| {
        all.people
            .iter()
            .find(|(p, _, _)| *p == id)
            .map_or_else(|| "someone".to_string(), |(_, p, _)| p.name.clone())
    };
    let follow: Vec<(String, Date)> = all
        .feedback
        .iter()
        .filter_map(|f| f.open_follow_up().map(|d| (name(&f.person), d)))
        .collect();
    reminders(&due, &follow, today)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Permission {
    Unsupported,
    Default,
    Granted,
    Denied,
}

fn permission() -> Permission {
    let has = js_sys::Reflect::has(&window(), &"Notification".into()).unwrap_or(false);
    if !has {
        return Permission::Unsupported;
    }
    match web_sys::Notification::permission() {
        web_sys::NotificationPermission::Granted => Permission::Granted,
        web_sys::NotificationPermission::Denied => Permission::Denied,
        _ => Permission::Default,
    }
}

/// Shows today's reminders once a day, on the first open, when this device turned them on and
/// the browser allows them. `force`: show them now (just turned on).
pub fn notify_due(state: AppState, force: bool) {
    let (on, last) = device::notify();
    let today = now().date().to_string();
    if !on
        || permission() != Permission::Granted
        || (!force && last.as_deref() == Some(today.as_str()))
    {
        return;
    }
    let lines = state.repo.with_untracked(|r| due_now(r, now().date()));
    device::set_notify(Some(&today));
    if lines.is_empty() {
        return;
    }
    let options = web_sys::NotificationOptions::new();
    options.set_body(&lines.join("\n"));
    options.set_tag("trellis-due");
    let _ = web_sys::Notification::new_with_options("Trellis: due today", &options);
}

/// "Notify me": asks the browser for permission only when pressed, then says what it does.
#[component]
pub fn NotifyButton() -> impl IntoView {
    let state = expect_context::<AppState>();
    let perm = RwSignal::new(permission());
    let on = RwSignal::new(device::notify().0);
    let turn_on = move |_| {
        let Ok(promise) = web_sys::Notification::request_permission() else {
            perm.set(Permission::Unsupported);
            return;
        };
        leptos::task::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
            // The page may have changed while the browser asked.
            perm.try_set(permission());
            if permission() == Permission::Granted && device::set_notify(Some("on")) {
                on.try_set(true);
                notify_due(state, true);
            }
        });
    };
    let turn_off = move |_| {
        device::set_notify(None);
        on.set(false);
    };
    view! {
        <div class="notify" data-testid="notify">
            {move || match (perm.get(), on.get()) {
                (Permission::Unsupported, _) => view! { <p class="hint">"This browser cannot show notifications."</p> }.into_any(),
                (Permission::Denied, _) => view! { <p class="hint">"Notifications are blocked for this site: allow them in the browser's site settings, then reload."</p> }.into_any(),
                (Permission::Granted, true) => view! {
                    <p class="hint" data-testid="notify-state">"Notifications are on: on the first open each day, this device lists the 1:1s and follow-ups due."</p>
                    <button type="button" on:click=turn_off>"Turn notifications off"</button>
                }.into_any(),
                _ => view! {
                    <button type="button" data-testid="notify-on" on:click=turn_on>"Notify me of 1:1s and follow-ups due"</button>
                }.into_any(),
            }}
        </div>
    }
}
