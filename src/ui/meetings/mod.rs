//! 1:1s: who is due (Home), a person's meetings and the buttons that start them (People), and
//! the run screens of the weekly check-in and the monthly review (loaded on demand, see lib.rs).
pub mod checkin;
pub mod review;
mod run;

use leptos::prelude::*;

use crate::domain::cadence::{due_list, held_dates, on_time_share, schedule_ics, DueEntry};
use crate::domain::checkin::{latest, CheckIn};
use crate::domain::dates::{long_date, short_date};
use crate::domain::{MonthlyReview, Person};
use crate::store::Body;
use crate::ui::browser::download;
use crate::ui::href;
use crate::ui::router::use_navigate;
use crate::ui::state::{now, AppState, Repo, SaveOutcome};
use leptos_router::components::A;

/// A held or running meeting of one person, for lists.
#[derive(Clone, PartialEq)]
pub struct MeetingRow {
    pub id: String,
    pub review: bool,
    pub held_on: crate::domain::dates::Date,
    pub running: bool,
}

/// Every check-in in the store with its record id, read in place (nothing is copied: Home and
/// a person's page recompute from them on every change of the store).
fn check_ins(r: &Repo) -> impl Iterator<Item = (&str, &CheckIn)> {
    r.live().filter_map(|rec| match &rec.body {
        Body::CheckIn(c) => Some((rec.id.as_str(), c)),
        _ => None,
    })
}

fn reviews_of(state: AppState, person: &str) -> Vec<(String, MonthlyReview)> {
    state.repo.with(|r| {
        r.live()
            .filter_map(|rec| match &rec.body {
                Body::Review(m) if m.person == person => Some((rec.id.clone(), m.clone())),
                _ => None,
            })
            .collect()
    })
}

/// The path of the running check-in of `person`, or of one started now, carrying what the last
/// one left open.
pub fn open_check_in(state: AppState, person: &str) -> Option<String> {
    let found = state.repo.with_untracked(|r| {
        match check_ins(r).find(|(_, c)| c.person == person && c.run.running()) {
            Some((id, _)) => Ok(id.to_string()),
            None => {
                let previous = latest(person, check_ins(r).map(|(_, c)| c));
                Err(Box::new(CheckIn::start(
                    person,
                    previous,
                    now().date(),
                    now(),
                )))
            }
        }
    });
    let id = match found {
        Ok(id) => Some(id),
        Err(c) => created(state.save(None, Body::CheckIn(*c))),
    };
    id.map(|id| format!("/check-ins/{id}"))
}

/// The path of the running monthly review of `person`, or of one started now for the month
/// just closed.
pub fn open_review(state: AppState, person: &str) -> Option<String> {
    let running = reviews_of(state, person)
        .into_iter()
        .find(|(_, r)| r.run.running());
    let id = match running {
        Some((id, _)) => Some(id),
        None => created(state.save(
            None,
            Body::Review(MonthlyReview::start(person, now().date(), now())),
        )),
    };
    id.map(|id| format!("/reviews/{id}"))
}

/// The new record's id; a record kept only in memory still opens (the banner says why).
fn created(outcome: SaveOutcome) -> Option<String> {
    match outcome {
        SaveOutcome::Saved(r) | SaveOutcome::InMemoryOnly(r) => Some(r.id),
        _ => None,
    }
}

/// Home's "1:1s due": everyone by due date, most overdue first, and the schedule as .ics.
#[component]
pub fn DuePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let entries = Memo::new(move |_| {
        state.repo.with(|r| {
            let people: Vec<(String, Person, crate::domain::dates::Date)> = r
                .people()
                .into_iter()
                .map(|(rec, p)| (rec.id.clone(), p.clone(), rec.created.date()))
                .collect();
            let held: Vec<&CheckIn> = check_ins(r).map(|(_, c)| c).collect();
            due_list(&people, &held, now().date())
        })
    });
    let loaded = Memo::new(move |_| state.repo.with(|r| r.is_loaded()));
    let navigate = use_navigate();
    let export = move |_| {
        let text = schedule_ics(&entries.get_untracked(), now().date(), 8, now());
        download("trellis-1on1-schedule.ics", "text/calendar", &text);
    };
    let row = move |e: DueEntry| {
        let person = e.person.clone();
        let navigate = navigate.clone();
        let late = matches!(e.state, crate::domain::cadence::Due::Overdue(_));
        view! {
            <li class="due-row" class:overdue=late data-testid="due-row">
                <A href=href(&format!("/people/{}", e.person))>{e.name.clone()}</A>
                <span class="due-when">{if e.running { "check-in running".to_string() } else { format!("{} · {}", e.state.text(), short_date(e.due)) }}</span>
                <button type="button" on:click=move |_| if let Some(p) = open_check_in(state, &person) { navigate(&p) }>
                    {if e.running { "Continue" } else { "Start check-in" }}
                </button>
            </li>
        }
    };
    view! {
        <section class="panel" aria-labelledby="due-title" data-testid="due-panel">
            <div class="panel-head">
                <h2 id="due-title">"1:1s"</h2>
                <button type="button" on:click=export>"Export schedule (.ics)"</button>
            </div>
            {move || if !loaded.get() {
                view! { <p class="empty">"Loading check-ins…"</p> }.into_any()
            } else if entries.with(Vec::is_empty) {
                view! { <p class="empty">"No one on the team yet."</p> }.into_any()
            } else {
                view! { <ul class="due-list">{entries.get().into_iter().map(&row).collect_view()}</ul> }.into_any()
            }}
            <Show when=move || loaded.get()>
                <crate::ui::improvement::ImprovementSlot piece=crate::ui::improvement::ImprovementPiece::Due />
            </Show>
        </section>
    }
}

/// A person's check-ins and reviews: start or continue, the on-time share, open action items
/// and the history.
#[component]
pub fn PersonMeetings(person: String, who: Person) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = person.clone();
    let rows = Memo::new(move |_| {
        let mut rows: Vec<MeetingRow> = state.repo.with(|r| {
            check_ins(r)
                .filter(|(_, c)| c.person == id)
                .map(|(cid, c)| MeetingRow {
                    id: cid.to_string(),
                    review: false,
                    held_on: c.held_on,
                    running: c.run.running(),
                })
                .collect()
        });
        rows.extend(
            reviews_of(state, &id)
                .into_iter()
                .map(|(rid, r)| MeetingRow {
                    id: rid,
                    review: true,
                    held_on: r.held_on,
                    running: r.run.running(),
                }),
        );
        crate::domain::goal::sort_small(&mut rows, |a, b| a.held_on > b.held_on);
        rows
    });
    let id = person.clone();
    let share = Memo::new(move |_| {
        state.repo.with(|r| {
            let held = held_dates(&id, check_ins(r).map(|(_, c)| c));
            on_time_share(who.cadence, &held, who.start_date, now().date())
        })
    });
    let id = person.clone();
    let open_items = Memo::new(move |_| {
        state.repo.with(|r| {
            latest(&id, check_ins(r).map(|(_, c)| c))
                .map(|c| c.open_actions().cloned().collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let running =
        move |review: bool| rows.with(|r| r.iter().any(|m| m.running && m.review == review));
    let (p1, p2) = (person.clone(), person.clone());
    let (nav1, nav2) = (use_navigate(), use_navigate());
    view! {
        <section class="panel" aria-labelledby="meetings-title" data-testid="person-meetings">
            <div class="panel-head">
                <h2 id="meetings-title">"Check-ins and reviews"</h2>
                <div class="actions">
                    <button type="button" class="primary" data-testid="start-check-in" on:click=move |_| if let Some(p) = open_check_in(state, &p1) { nav1(&p) }>
                        {move || if running(false) { "Continue check-in" } else { "Start check-in" }}
                    </button>
                    <button type="button" data-testid="start-review" on:click=move |_| if let Some(p) = open_review(state, &p2) { nav2(&p) }>
                        {move || if running(true) { "Continue monthly review" } else { "Monthly review" }}
                    </button>
                </div>
            </div>
            <p data-testid="on-time">{move || {
                let (on, expected) = share.get();
                format!("{on} of {expected} check-ins held on time in the last 90 days.")
            }}</p>
            <crate::ui::improvement::ImprovementSlot piece=crate::ui::improvement::ImprovementPiece::Person(person.clone()) />
            {move || {
                let items = open_items.get();
                (!items.is_empty()).then(|| view! {
                    <h3>"Open action items"</h3>
                    <ul class="notes">{items.into_iter().map(|a| view! {
                        <li>{a.text}{a.due.map(|d| format!(" (due {})", short_date(d)))}</li>
                    }).collect_view()}</ul>
                })
            }}
            <h3>"History"</h3>
            {move || if rows.with(Vec::is_empty) {
                view! { <p class="empty">"No check-ins yet."</p> }.into_any()
            } else {
                view! { <ul class="history">{rows.get().into_iter().map(|m| {
                    let path = if m.review { format!("/reviews/{}", m.id) } else { format!("/check-ins/{}", m.id) };
                    let kind = if m.review { "Monthly review" } else { "Check-in" };
                    view! { <li><A href=href(&path) attr:data-testid="meeting-link">
                        {format!("{kind}, {}{}", long_date(m.held_on), if m.running { " (running)" } else { "" })}
                    </A></li> }
                }).collect_view()}</ul> }.into_any()
            }}
        </section>
    }
}
