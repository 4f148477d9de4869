//! Insight (loaded on demand, see lib.rs): early warnings on Home, each with its rule, its data
//! and a next step, dismissed or snoozed with a reason; the Insights page with every warning and
//! the history of those handled. Home's panel comes from this chunk through `InsightSlot`.
use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use leptos_router::components::A;

mod charts;
pub mod dashboard;
mod health;
mod leadership;
mod rollout;
mod system_review;

use crate::domain::cadence::{due_list, Due};
use crate::domain::checkin::CheckIn;
use crate::domain::dates::{parse_iso, short_date, Date};
use crate::domain::feedback::{Celebration, Feedback};
use crate::domain::insight::{
    active, shown, warnings, IndicatorIn, Inputs, PersonIn, Rule, Warning, WarningNote,
    DISMISS_DAYS, HOME_MAX, MAX_PER_PERSON,
};
use crate::domain::self_report::SelfReport;
use crate::domain::{Goal, Person};
use crate::store::Body;
use crate::ui::components::{FormErrors, TextArea, TextField};
use crate::ui::href;
use crate::ui::lookup::{as_manager, person_name};
use crate::ui::state::{now, AppState, Repo, SaveOutcome};

/// Everything insight reads, from one pass over the records.
pub struct Gathered<'a> {
    /// (id, goal, the day it was added).
    pub goals: Vec<(&'a str, &'a Goal, Date)>,
    pub feedback: Vec<&'a Feedback>,
    pub wins: Vec<&'a Celebration>,
    pub reports: Vec<&'a SelfReport>,
    pub check_ins: Vec<&'a CheckIn>,
    /// (id, person, the day they were added).
    pub people: Vec<(&'a str, &'a Person, Date)>,
    pub reviews: Vec<&'a crate::domain::MonthlyReview>,
    pub ratings: Vec<&'a crate::domain::standards::Rating>,
    pub assessments: Vec<&'a crate::domain::development::Assessment>,
    pub stretches: Vec<&'a crate::domain::development::Stretch>,
    /// The charter's versions, and every acknowledgement.
    pub charters: Vec<&'a crate::domain::CharterVersion>,
    pub acks: Vec<&'a crate::domain::Acknowledgement>,
    pub team: Option<&'a crate::domain::Team>,
    pub standards: Vec<&'a crate::domain::standards::RoleStandards>,
    pub authority: Option<&'a crate::domain::authority::AuthorityMatrix>,
    /// (id, indicator), and the months of readings.
    pub indicators: Vec<(&'a str, &'a crate::domain::indicators::Indicator)>,
    pub reading_months: Vec<&'a crate::domain::indicators::ReadingMonth>,
    /// The manager's: (id, revision, record) of the rollout, its hand ticks, the development
    /// plan's self-assessments (oldest first) and learning actions.
    pub rollout: Option<(&'a str, u64, &'a crate::domain::rollout::Rollout)>,
    pub rollout_ticks: Vec<(&'a str, u64, &'a crate::domain::rollout::Tick)>,
    pub leader_assessments: Vec<(&'a str, u64, &'a crate::domain::leadership::SelfAssessment)>,
    pub learning_actions: Vec<(&'a str, u64, &'a crate::domain::leadership::LearningAction)>,
    /// (id, revision, review with its action's outcome), oldest first.
    pub system_reviews: Vec<(&'a str, u64, crate::domain::system_review::SystemReview)>,
}

impl<'a> Gathered<'a> {
    pub fn of(r: &'a Repo) -> Self {
        let mut g = Gathered {
            goals: vec![],
            feedback: vec![],
            wins: vec![],
            reports: vec![],
            check_ins: vec![],
            people: vec![],
            reviews: vec![],
            ratings: vec![],
            assessments: vec![],
            stretches: vec![],
            charters: vec![],
            acks: vec![],
            team: None,
            standards: vec![],
            authority: None,
            indicators: vec![],
            reading_months: vec![],
            rollout: None,
            rollout_ticks: vec![],
            leader_assessments: vec![],
            learning_actions: vec![],
            system_reviews: vec![],
        };
        let mut reviews = vec![];
        let mut outcomes = vec![];
        for rec in r.live() {
            match &rec.body {
                Body::Goal(x) => g.goals.push((rec.id.as_str(), x, rec.created.date())),
                Body::Feedback(f) => g.feedback.push(f),
                Body::Celebration(c) => g.wins.push(c),
                Body::SelfReport(s) => g.reports.push(s),
                Body::CheckIn(c) => g.check_ins.push(c),
                Body::Person(p) => g.people.push((rec.id.as_str(), p, rec.created.date())),
                Body::Review(x) => g.reviews.push(x),
                Body::Rating(x) => g.ratings.push(x),
                Body::Assessment(x) => g.assessments.push(x),
                Body::Stretch(x) => g.stretches.push(x),
                Body::CharterVersion(x) => g.charters.push(x),
                Body::CharterAck(x) => g.acks.push(x),
                Body::Team(x) => g.team = Some(x),
                Body::Standards(x) => g.standards.push(x),
                Body::Authority(x) => g.authority = Some(x),
                Body::Indicator(x) => g.indicators.push((rec.id.as_str(), x)),
                Body::Readings(x) => g.reading_months.push(x),
                Body::Rollout(x) => g.rollout = Some((rec.id.as_str(), rec.rev, x)),
                Body::RolloutTick(x) => g.rollout_ticks.push((rec.id.as_str(), rec.rev, x)),
                Body::LeaderAssessment(x) => g.leader_assessments.push((rec.id.as_str(), rec.rev, x)),
                Body::LearningAction(x) => g.learning_actions.push((rec.id.as_str(), rec.rev, x)),
                Body::SystemReview(x) => reviews.push((rec.id.as_str(), rec.rev, x)),
                Body::ActionOutcome(x) => outcomes.push(x),
                _ => {}
            }
        }
        g.system_reviews = reviews
            .into_iter()
            .map(|(id, rev, x)| {
                let mine: Vec<_> = outcomes.iter().copied().filter(|o| o.review == id).collect();
                (id, rev, crate::domain::system_review::with_outcome(x, &mine))
            })
            .collect();
        g.system_reviews.sort_by_key(|(_, _, r)| r.on);
        g.leader_assessments.sort_by_key(|(_, _, a)| a.on);
        g
    }

    /// (id, person, added) owned, as the 1:1 schedule reads them.
    pub fn owned_people(&self) -> Vec<(String, Person, Date)> {
        self.people
            .iter()
            .map(|(id, p, added)| (id.to_string(), (*p).clone(), *added))
            .collect()
    }

    /// (id, person, the day from which 1:1s are expected: their start, or when added if later).
    pub fn expected_from(&self) -> Vec<(&'a str, &'a Person, Date)> {
        self.people
            .iter()
            .map(|(id, p, added)| (*id, *p, p.start_date.map_or(*added, |s| s.max(*added))))
            .collect()
    }
}

/// Every warning that fires today, from everything this device holds.
pub fn collect(r: &Repo, today: Date) -> Vec<Warning> {
    let all = Gathered::of(r);
    let Gathered {
        goals,
        feedback,
        wins,
        reports,
        check_ins,
        ..
    } = &all;
    let goals: Vec<(&str, &Goal)> = goals.iter().map(|(id, g, _)| (*id, *g)).collect();
    let due = due_list(&all.owned_people(), check_ins, today);
    let people_in: Vec<PersonIn> = all
        .expected_from()
        .into_iter()
        .map(|(id, p, since)| PersonIn {
            id,
            person: p,
            since,
            overdue: due
                .iter()
                .find(|e| e.person == id && !e.running)
                .and_then(|e| match e.state {
                    Due::Overdue(n) => Some(n),
                    _ => None,
                }),
        })
        .collect();
    let inds = crate::ui::indicators::with_readings(r);
    let name_of = |id: &str| {
        inds.iter()
            .find(|(i, _, _, _)| i == id)
            .map(|(_, _, ind, _)| ind.name.as_str())
    };
    let indicators: Vec<IndicatorIn> = inds
        .iter()
        .map(|(id, _, ind, readings)| IndicatorIn {
            id,
            indicator: ind,
            readings: readings.clone(),
            drives: ind.drives.iter().filter_map(|d| name_of(d)).collect(),
        })
        .collect();
    warnings(
        &Inputs {
            goals,
            people: people_in,
            feedback: feedback.clone(),
            wins: wins.clone(),
            reports: reports.clone(),
            check_ins: check_ins.clone(),
            indicators,
        },
        today,
    )
}

/// The notes on handled warnings, newest first.
pub fn notes(r: &Repo) -> Vec<WarningNote> {
    let mut all: Vec<WarningNote> = r
        .live()
        .filter_map(|rec| match &rec.body {
            Body::WarningNote(n) => Some(n.clone()),
            _ => None,
        })
        .collect();
    all.sort_by(|a, b| b.on.cmp(&a.on));
    all
}

/// The warnings shown now (capped per person) and how many more each person has.
fn current(state: AppState, cap: bool) -> Memo<(Vec<Warning>, Vec<(String, usize)>)> {
    Memo::new(move |_| {
        let today = now().date();
        state.repo.with(|r| {
            let all = collect(r, today);
            let n = notes(r);
            let refs: Vec<&WarningNote> = n.iter().collect();
            if cap {
                shown(all, &refs, today)
            } else {
                (active(all, &refs, today), vec![])
            }
        })
    })
}

pub enum InsightPiece {
    /// Home: what needs attention, capped per person; today's notifications, if turned on.
    Home,
    /// Home's trends of the team, at the end of the page.
    Dashboard,
    /// A person's page: their trends.
    Trends(String),
    /// The monthly review: the person's report of the month (person, first day, last day).
    Month(String, Date, Date),
}

#[wasm_split(insight, wasm_split_path = ::leptos::wasm_split, fallible)]
fn insight_piece(piece: InsightPiece) -> Result<AnyView, SplitLoaderError> {
    Ok(untrack(|| match piece {
        InsightPiece::Home => {
            dashboard::notify_due(expect_context::<AppState>(), false);
            view! {
                <rollout::RolloutProgress />
                <health::TeamHealth compact=true />
                <system_review::SystemReviews compact=true />
                <WarningsPanel cap=true />
            }
            .into_any()
        }
        InsightPiece::Dashboard => view! { <dashboard::Dashboard /> }.into_any(),
        InsightPiece::Trends(person) => view! { <dashboard::Dashboard person /> }.into_any(),
        InsightPiece::Month(person, first, last) => {
            view! { <dashboard::MonthReport person first last /> }.into_any()
        }
    }))
}

#[component]
pub fn InsightSlot(piece: InsightPiece) -> impl IntoView {
    let card = Suspend::new(async move {
        insight_piece(piece).await.unwrap_or_else(|_| {
            view! { <p class="inline-warning">"The early warnings could not be downloaded. Check the connection, then reload."</p> }.into_any()
        })
    });
    view! { <Suspense fallback=|| ()>{card}</Suspense> }
}

/// `/insights`: every warning, and the history of those handled.
#[component]
pub fn InsightsPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let history = Memo::new(move |_| state.repo.with(notes));
    let export = move |_| {
        let text = state.repo.with_untracked(|r| agenda_ics(r, now().date()));
        crate::ui::browser::download("trellis-follow-ups-and-reviews.ics", "text/calendar", &text);
    };
    view! {
        <article class="insights" data-testid="insights">
            <header class="page-head">
                <div>
                    <h1>"Insights"</h1>
                    <p class="sub">"Early warnings from the team's own data. Each names its rule and the data it read; none is a score about a person."</p>
                </div>
                <div class="actions no-print">
                    <A href=href("/insights/report") attr:class="button">"Weekly report"</A>
                    <button type="button" data-testid="agenda-ics" on:click=export>"Export follow-ups and reviews (.ics)"</button>
                </div>
            </header>
            <WarningsPanel cap=false />
            <health::TeamHealth compact=false />
            <system_review::SystemReviews compact=false />
            {as_manager(state).then(|| view! {
                <section class="panel" aria-labelledby="yours-title">
                    <h2 id="yours-title">"Yours as the manager"</h2>
                    <ul class="links">
                        <li><A href=href("/rollout")>"The 90-day rollout"</A>": six checklists, ticked by what Trellis sees."</li>
                        <li><A href=href("/leadership")>"My development as a manager"</A>": your self-assessment beside the records, and your learning actions."</li>
                    </ul>
                </section>
            })}
            <dashboard::Dashboard />
            <dashboard::Patterns />
            <section class="panel" aria-labelledby="notify-title">
                <h2 id="notify-title">"Notifications"</h2>
                <p class="hint">"Trellis can remind this device of the 1:1s due today and the follow-ups due, once a day when it is opened. The browser asks first; nothing is sent anywhere."</p>
                <dashboard::NotifyButton />
            </section>
            <section class="panel" aria-labelledby="rules-title">
                <h2 id="rules-title">"The rules"</h2>
                <dl class="rules">
                    {Rule::ALL.iter().map(|r| view! { <dt>{r.name()}</dt><dd>{r.rule_text()}</dd> }).collect_view()}
                </dl>
                <p class="hint">{format!("Home shows at most {MAX_PER_PERSON} warnings per person and {HOME_MAX} in all, and counts the rest. A dismissal holds {DISMISS_DAYS} days; a snooze until its day.")}</p>
            </section>
            <section class="panel" aria-labelledby="handled-title" data-testid="warning-history">
                <h2 id="handled-title">"Handled warnings"</h2>
                {move || if history.with(Vec::is_empty) {
                    view! { <p class="empty">"None yet."</p> }.into_any()
                } else {
                    view! {
                        <ul class="history">
                            {history.get().into_iter().map(|n| view! {
                                <li>
                                    <span class="when">{short_date(n.on)}</span>" "
                                    {match n.snooze_until {
                                        Some(d) => format!("Snoozed until {}: ", short_date(d)),
                                        None => "Dismissed: ".to_string(),
                                    }}
                                    <strong>{n.title.clone()}</strong>
                                    {format!(". Reason: {}", n.reason)}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        </article>
    }
}

/// The warnings, each with its rule, data and next step, and a way to dismiss or snooze it.
#[component]
fn WarningsPanel(cap: bool) -> impl IntoView {
    let state = expect_context::<AppState>();
    let now_shown = current(state, cap);
    let manager = as_manager(state);
    view! {
        <section class="panel" aria-labelledby="warnings-title" data-testid="warnings">
            <div class="panel-head">
                <h2 id="warnings-title">"Needs attention"</h2>
                {cap.then(|| view! {
                    <div class="actions">
                        <A href=href("/insights/report") attr:class="button" attr:data-testid="open-weekly-report">
                            {if now().date().weekday0() == 0 { "This week's report is ready" } else { "Weekly report" }}
                        </A>
                        <A href=href("/insights") attr:class="button">"All warnings and rules"</A>
                    </div>
                })}
            </div>
            {move || {
                let (mut list, more) = now_shown.get();
                if list.is_empty() {
                    return view! { <p class="empty" data-testid="no-warnings">"Nothing needs attention: no rule fires on today's data."</p> }.into_any();
                }
                let mut more: Vec<String> = more.iter().map(|(p, n)| format!("{n} more for {}", if p.is_empty() { "the team".to_string() } else { person_name(state, p) })).collect();
                if cap && list.len() > HOME_MAX {
                    more.insert(0, format!("{} more", list.len() - HOME_MAX));
                    list.truncate(HOME_MAX);
                }
                view! {
                    <ul class="warnings">
                        {list.into_iter().map(|w| view! { <WarningCard w manager /> }).collect_view()}
                    </ul>
                    {(!more.is_empty()).then(|| view! {
                        <p class="hint" data-testid="warnings-more">
                            {format!("{}: ", more.join("; "))}
                            <A href=href("/insights") attr:class="button">"See all warnings"</A>
                        </p>
                    })}
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn WarningCard(w: Warning, manager: bool) -> impl IntoView {
    let state = expect_context::<AppState>();
    let open = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let until = RwSignal::new(now().date().add_days(7).to_string());
    let errors = FormErrors::new();
    let key = w.key();
    let slug = key.replace([':', ' '], "-");
    let prefix = format!("w-{slug}");
    let title = w.title.clone();
    let handle = move |snooze: bool| {
        let today = now().date();
        let mut errs = vec![];
        let snooze_until = if snooze {
            let d = parse_iso(&until.get_untracked());
            if d.is_none() {
                errs.push(crate::domain::FieldError::new(
                    "snooze_until",
                    "Enter a day, e.g. 2026-12-10.",
                ));
            }
            d
        } else {
            None
        };
        let note = WarningNote {
            key: key.clone(),
            title: title.clone(),
            on: today,
            snooze_until,
            reason: reason.get_untracked().trim().to_string(),
        };
        errs.extend(note.problems(Some(today)));
        if !errs.is_empty() {
            return errors.show(&prefix, errs);
        }
        if let SaveOutcome::Saved(_) | SaveOutcome::InMemoryOnly(_) =
            state.save(None, Body::WarningNote(note))
        {
            state.say(if snooze {
                "Snoozed. The reason is kept in the history on the Insights page."
            } else {
                "Dismissed. The reason is kept in the history on the Insights page."
            });
        }
    };
    let (h1, h2) = (handle.clone(), handle);
    let id = format!("w-{slug}");
    view! {
        <li class="warning" data-testid="warning" data-rule=w.rule.key()>
            <p class="warning-rule"><span class="badge">{w.rule.name()}</span></p>
            <h3>{w.title.clone()}</h3>
            <p class="warning-lead">{w.data.first().cloned().unwrap_or_default()}</p>
            <details class="warning-why">
                <summary>"The rule and its data"</summary>
                <p>{format!("Rule: {}", w.rule.rule_text())}</p>
                <ul class="warning-data">{w.data.iter().map(|d| view! { <li>{d.clone()}</li> }).collect_view()}</ul>
            </details>
            <p>{w.next.clone()}" " <A href=href(&w.link) attr:class="button" attr:data-testid="warning-next">"Go"</A></p>
            {manager.then(|| view! {
                <button type="button" class="link" aria-expanded=move || if open.get() { "true" } else { "false" } on:click=move |_| open.update(|o| *o = !*o)>"Dismiss or snooze"</button>
                <Show when=move || open.get()>
                    <div class="warning-handle">
                        <TextArea id=format!("{id}-reason") label="Reason (kept in the history)" value=reason error=errors.of("reason") />
                        <TextField id=format!("{id}-snooze_until") label="Snooze until" kind="date" value=until error=errors.of("snooze_until") />
                        <div class="actions">
                            <button type="button" data-testid="dismiss" on:click={let h = h1.clone(); move |_| h(false)}>"Dismiss"</button>
                            <button type="button" data-testid="snooze" on:click={let h = h2.clone(); move |_| h(true)}>"Snooze"</button>
                        </div>
                    </div>
                </Show>
            })}
        </li>
    }
}

/// The weekly team report for the week before this Monday, as Markdown.
pub fn weekly(r: &Repo, today: Date) -> String {
    use crate::domain::goal::{pace, progress, GoalSet};
    use crate::domain::insight::report::{weekly_markdown, Week};
    let monday = crate::domain::self_report::week_of(today);
    let goals = r.goals();
    let set = GoalSet::new(goals.iter().map(|(rec, g)| (rec.id.as_str(), *g)));
    let with_status: Vec<(&Goal, crate::domain::goal::Status)> = goals
        .iter()
        .filter(|(_, g)| !g.archived)
        .map(|(rec, g)| (*g, pace(g, progress(&rec.id, &set).value, today).status))
        .collect();
    let all = Gathered::of(r);
    let people = all.owned_people();
    let Gathered {
        check_ins,
        feedback,
        wins,
        ..
    } = all;
    let missed: Vec<(String, i64)> = due_list(&people, &check_ins, today)
        .into_iter()
        .filter_map(|e| match e.state {
            Due::Overdue(n) => Some((e.name, n)),
            _ => None,
        })
        .collect();
    let handled = notes(r);
    let note_refs: Vec<&WarningNote> = handled.iter().collect();
    let open = active(collect(r, today), &note_refs, today);
    let name = |id: &str| {
        people.iter().find(|(p, _, _)| p == id).map_or_else(
            || "Someone no longer on the team".to_string(),
            |(_, p, _)| p.name.clone(),
        )
    };
    weekly_markdown(&Week {
        monday,
        goals: with_status,
        check_ins,
        missed,
        feedback,
        warnings: open.iter().collect(),
        notes: note_refs,
        wins,
        name: &name,
    })
}

/// `/insights/report`: the weekly team report, to read, print, download or copy.
#[component]
pub fn WeeklyReportPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let today = now().date();
    let text = Memo::new(move |_| state.repo.with(|r| weekly(r, today)));
    let file = format!(
        "trellis-weekly-report-{}.md",
        crate::domain::self_report::week_of(today)
    );
    view! {
        <article class="insights" data-testid="weekly-report">
            <header class="page-head">
                <div>
                    <p class="crumb no-print"><A href=href("/insights")>"Insights"</A></p>
                    <h1>"Weekly team report"</h1>
                    <p class="sub">"Made on this device from the team's data for the week before this Monday. Nothing is sent anywhere."</p>
                </div>
            </header>
            <ReportActions file text testid="report-download" print=true />
            <pre class="report-text" data-testid="report-text">{move || text.get()}</pre>
        </article>
    }
}

/// Download, copy (and print) a Markdown report, and what became of the copy.
#[component]
pub fn ReportActions(
    file: String,
    text: Memo<String>,
    testid: &'static str,
    #[prop(optional)] print: bool,
) -> impl IntoView {
    let copied = RwSignal::new(None::<bool>);
    let download_it =
        move |_| crate::ui::browser::download(&file, "text/markdown", &text.get_untracked());
    let copy = move |_| {
        crate::ui::browser::copy_text(&text.get_untracked(), move |ok| copied.set(Some(ok)))
    };
    view! {
        <div class="actions no-print">
            <button type="button" data-testid=testid on:click=download_it>"Download Markdown"</button>
            <button type="button" on:click=copy>"Copy"</button>
            {print.then(|| view! { <button type="button" on:click=|_| { let _ = window().print(); }>"Print"</button> })}
        </div>
        <p role="status" class="hint">{move || match copied.get() {
            Some(true) => "Copied: paste it into an email or chat.",
            Some(false) => "This browser would not copy: download it instead.",
            None => "",
        }}</p>
    }
}

/// Open corrective follow-ups and improvement plan reviews to come, as an iCalendar file.
pub fn agenda_ics(r: &Repo, today: Date) -> String {
    use crate::domain::cadence::calendar_ics;
    let name = |id: &str| match r.get(id).map(|rec| &rec.body) {
        Some(Body::Person(p)) => p.name.clone(),
        _ => "someone no longer on the team".into(),
    };
    let follow: Vec<(String, String, Feedback)> = r
        .live()
        .filter_map(|rec| match &rec.body {
            Body::Feedback(f) if f.open_follow_up().is_some() => {
                Some((rec.id.clone(), name(&f.person), f.clone()))
            }
            _ => None,
        })
        .collect();
    let plans: Vec<(String, String, crate::domain::improvement::Plan, usize)> =
        crate::ui::improvement::plans_of(r, None)
            .into_iter()
            .map(|(id, _, p)| {
                let held = crate::ui::improvement::sessions_of(r, &id).0.len();
                let n = name(&p.person);
                (id, n, p, held)
            })
            .collect();
    let f: Vec<(&str, &str, &Feedback)> = follow
        .iter()
        .map(|(i, n, f)| (i.as_str(), n.as_str(), f))
        .collect();
    let p: Vec<(&str, &str, &crate::domain::improvement::Plan, usize)> = plans
        .iter()
        .map(|(i, n, p, h)| (i.as_str(), n.as_str(), p, *h))
        .collect();
    calendar_ics(
        "Follow-ups and reviews",
        &crate::domain::insight::agenda(&f, &p, today),
        now(),
    )
}

pub use leadership::LeadershipPage;
pub use rollout::RolloutPage;
pub use system_review::SystemReviewPage;
