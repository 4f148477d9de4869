//! The weekly check-in on a tablet: three timed sections with their scripts, goal updates,
//! wins, obstacles, priorities, action items and a private note, saved as you type. A finished
//! check-in shows its record, with a Markdown export.
use leptos::prelude::*;

use super::run::{
    autosave, keep_awake_while, meeting_page, no_error, optional, use_clock, Script, TimerBar,
};
use crate::domain::checkin::{
    check_action, ActionItem, ActionOwner, CheckIn, GoalTouch, MeetingState, Obstacle, Priority,
    MAX_PRIORITIES,
};
use crate::domain::dates::{long_date, parse_iso};
use crate::domain::goal::{format_number, parse_number, record_update, ProgressUpdate};
use crate::domain::timer::WEEKLY;
use crate::domain::{Goal, Team};
use crate::store::{new_id, Body};
use crate::ui::browser::download;
use crate::ui::components::editor::{Editor, EditorNotices};
use crate::ui::components::{ConflictChooser, FormErrors, TextArea, TextField};
use crate::ui::href;
use crate::ui::lookup::{goal_title, person_goals, person_name};
use crate::ui::state::{now, AppState};
use leptos_router::components::A;

pub const SECTIONS: [&str; 3] = ["Progress", "Obstacles", "Planning"];

pub(super) fn team(state: AppState) -> Team {
    state
        .repo
        .with_untracked(|r| r.team().map(|(_, t)| t.clone()))
        .unwrap_or_default()
}

#[component]
pub fn CheckInPage(id: String) -> impl IntoView {
    // Drawn again when the check-in is finished or the user takes the other tab's version.
    let version = RwSignal::new(0u32);
    meeting_page(id, "check-in", version, move |id, rev, body| match body {
        Body::CheckIn(c) if c.run.state == MeetingState::Finished => {
            Some(view! { <CheckInRecord id check_in=c /> }.into_any())
        }
        Body::CheckIn(c) => Some(view! { <CheckInRun id rev check_in=c version /> }.into_any()),
        _ => None,
    })
}

#[component]
fn CheckInRun(id: String, rev: u64, check_in: CheckIn, version: RwSignal<u32>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let person = check_in.person.clone();
    let name = person_name(state, &person);
    let team = team(state);
    let editor = Editor::<CheckIn>::new(Some((id.clone(), rev)));
    let ci = RwSignal::new(check_in.clone());
    let save_now = autosave(state, editor, ci);
    let clock = use_clock();
    keep_awake_while(Signal::derive(move || ci.with(|c| c.run.timer.running())));

    // Text fields write into the check-in as they change.
    let notes = RwSignal::new(check_in.notes.clone());
    let private_note = RwSignal::new(check_in.private_note.clone());
    Effect::new(move |_| {
        let (n, p) = (notes.get(), private_note.get());
        ci.update(|c| {
            if c.notes != n || c.private_note != p {
                c.notes = n;
                c.private_note = p;
            }
        });
    });

    let set_timer = Callback::new(move |t| {
        ci.update(|c| c.run.timer = t);
        save_now();
    });
    let timer = Signal::derive(move || ci.with(|c| c.run.timer.clone()));
    let section = move || ci.with(|c| c.run.timer.section);
    let prompt = {
        let team = team.clone();
        Signal::derive(move || team.prompt(section()).to_string())
    };
    let finish_id = id.clone();
    let navigate = crate::ui::router::use_navigate();
    let finish = move |_| {
        ci.update(|c| c.finish(now()));
        save_now();
        if editor.conflict.get_untracked().is_none() {
            state.say("Check-in saved. Open action items and this week's priorities will open the next one.");
            version.update(|v| *v += 1);
            navigate(&format!("/check-ins/{finish_id}"));
        }
    };
    let keep_mine = Callback::new(move |_| {
        editor.keep_mine(state);
    });
    let take_theirs = Callback::new(move |_| {
        if editor.take_theirs().is_some() {
            version.update(|v| *v += 1);
        }
    });
    let person_href = href(&format!("/people/{person}"));
    let crumb = name.clone();
    view! {
        <article class="meeting" data-testid="check-in-run">
            <header class="page-head">
                <div>
                    <p class="crumb"><A href=person_href>{crumb}</A></p>
                    <h1>{format!("Check-in with {name}")}</h1>
                    <p class="sub">{long_date(check_in.held_on)}" · saved as you type"</p>
                    <crate::ui::components::Audience scope=Signal::stored(crate::domain::scope::Scope::of_person(&person)) />
                </div>
                <button type="button" class="primary" data-testid="finish" on:click=finish>"Finish check-in"</button>
            </header>
            {move || editor.conflict.get().map(|(_, theirs, _)| view! {
                <ConflictChooser what=format!("check-in of {}", long_date(theirs.held_on)) mine=editor.conflict.get_untracked().map(|(m, _, _)| summary(&m)).unwrap_or_default() theirs=summary(&theirs) on_keep_mine=keep_mine on_take_theirs=take_theirs />
            })}
            <EditorNotices kept_in_memory=editor.kept_in_memory missing=editor.missing />
            <crate::ui::team::TeamSlot piece=crate::ui::team::TeamPiece::SelfReport(person.clone()) />
            <crate::ui::development::DevSlot piece=crate::ui::development::DevPiece::Due(person.clone()) />
            <crate::ui::indicators::IndicatorSlot piece=crate::ui::indicators::IndicatorPiece::CheckIn(person.clone()) />
            <crate::ui::improvement::ImprovementSlot piece=crate::ui::improvement::ImprovementPiece::Person(person.clone()) />
            <TimerBar timer plan=&WEEKLY titles=SECTIONS clock set=set_timer />
            <Script text=prompt />
            {move || match section() {
                0 => view! { <ProgressSection ci person=person.clone() notes /> }.into_any(),
                1 => view! { <ObstaclesSection ci /> }.into_any(),
                _ => view! { <PlanningSection ci /> }.into_any(),
            }}
            <ActionItems ci name=name.clone() />
            <section class="panel private" aria-labelledby="private-title">
                <h2 id="private-title">"Private note"</h2>
                <TextArea id="private-note" label="Only for you: kept on this device, never synced" value=private_note error=no_error() />
                <label class="check">
                    <input type="checkbox" prop:checked=move || ci.with(|c| c.share_private)
                        on:change=move |ev| ci.update(|c| c.share_private = event_target_checked(&ev)) />
                    " Include it in this check-in's export"
                </label>
            </section>
        </article>
    }
}

fn summary(c: &CheckIn) -> Vec<(&'static str, String)> {
    vec![
        ("Section", SECTIONS[c.run.timer.section.min(2)].to_string()),
        ("Notes", c.notes.clone()),
        ("Wins", c.wins.join("; ")),
        (
            "Priorities",
            c.priorities
                .iter()
                .map(|p| p.text.as_str())
                .collect::<Vec<_>>()
                .join("; "),
        ),
        (
            "Action items",
            c.actions
                .iter()
                .map(|a| a.text.as_str())
                .collect::<Vec<_>>()
                .join("; "),
        ),
    ]
}

/// Adds `text` to a list held in the check-in, if it is not empty; says so at the field if it is.
fn add_text(text: RwSignal<String>, error: RwSignal<Option<String>>, push: impl Fn(String)) {
    let t = text.get_untracked().trim().to_string();
    if t.is_empty() {
        error.set(Some("Write something first.".into()));
    } else {
        error.set(None);
        push(t);
        text.set(String::new());
    }
}

#[component]
fn ProgressSection(
    ci: RwSignal<CheckIn>,
    person: String,
    notes: RwSignal<String>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let goals = person_goals(state, &person);
    let win = RwSignal::new(String::new());
    let win_error = RwSignal::new(None::<String>);
    let add_win = move || add_text(win, win_error, |t| ci.update(|c| c.wins.push(t)));
    view! {
        <section class="panel" aria-labelledby="progress-title">
            <h2 id="progress-title">"Progress review"</h2>
            {move || {
                let last = ci.with(|c| c.last_priorities.clone());
                (!last.is_empty()).then(|| view! {
                    <h3>"Last week's priorities"</h3>
                    <ul class="ticks" data-testid="last-priorities">
                        {last.into_iter().enumerate().map(|(i, p)| view! {
                            <li><label class="check">
                                <input type="checkbox" prop:checked=p.done
                                    on:change=move |ev| ci.update(|c| c.last_priorities[i].done = event_target_checked(&ev)) />
                                " " {p.text}
                            </label></li>
                        }).collect_view()}
                    </ul>
                })
            }}
            <h3>"Feedback follow-ups"</h3>
            <crate::ui::feedback::FollowUpList person=person.clone() />
            <h3>"Goals"</h3>
            {if goals.is_empty() {
                view! { <p class="empty">"No goals yet. Add one from their page."</p> }.into_any()
            } else {
                view! { <ul class="goal-updates">{goals.into_iter().map(|(id, rev, g)| view! { <GoalQuickUpdate ci id rev goal=g /> }).collect_view()}</ul> }.into_any()
            }}
            <TextArea id="checkin-notes" label="Notes" value=notes error=no_error() />
            <h3>"Wins to celebrate"</h3>
            <ul class="notes" data-testid="wins">
                {move || ci.with(|c| c.wins.clone()).into_iter().enumerate().map(|(i, w)| view! {
                    <li>{w}" "<button type="button" class="link" on:click=move |_| ci.update(|c| { c.wins.remove(i); })>"Remove"</button></li>
                }).collect_view()}
            </ul>
            <form class="inline-form" on:submit=move |ev| { ev.prevent_default(); add_win(); }>
                <TextField id="win" label="A win" value=win error=win_error />
                <button type="submit">"Add win"</button>
            </form>
        </section>
    }
}

/// One goal with a one-tap update: a new reading, or the next milestone done.
#[component]
fn GoalQuickUpdate(ci: RwSignal<CheckIn>, id: String, rev: u64, goal: Goal) -> impl IntoView {
    let state = expect_context::<AppState>();
    let value = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let current = RwSignal::new(goal.clone());
    let rev = RwSignal::new(rev);
    let field_id = format!("goal-value-{id}");
    let unit = goal
        .measure
        .as_ref()
        .map(|m| m.unit.clone())
        .unwrap_or_default();
    let apply = move |update: ProgressUpdate, text: String| {
        let g = current.get_untracked();
        match record_update(&g, update) {
            Err(e) => error.set(Some(e.message)),
            Ok(changed) => {
                let gid = id.clone();
                match state.save(
                    Some((gid.clone(), rev.get_untracked())),
                    Body::Goal(changed.clone()),
                ) {
                    crate::ui::state::SaveOutcome::Saved(r)
                    | crate::ui::state::SaveOutcome::InMemoryOnly(r) => {
                        rev.set(r.rev);
                        current.set(changed);
                        error.set(None);
                        value.set(String::new());
                        ci.update(|c| c.goal_updates.push(GoalTouch { goal: gid, text }));
                    }
                    _ => error.set(Some(
                        "This goal changed in another tab: open it to see the newest reading."
                            .into(),
                    )),
                }
            }
        }
    };
    let apply_value = apply.clone();
    let unit_text = unit.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = value.get_untracked();
        let Some(v) = parse_number(&text) else {
            error.set(Some(
                "Enter the new reading as a number, like 18 or 7.5.".into(),
            ));
            return;
        };
        let before = current
            .get_untracked()
            .measure
            .map(|m| m.current)
            .unwrap_or(0.0);
        let update = ProgressUpdate {
            on: now().date(),
            value: Some(v),
            milestone: None,
            confidence: None,
            note: "Updated in a check-in".into(),
            by_self: false,
        };
        apply_value(
            update,
            format!(
                "{} → {} {}",
                format_number(before),
                format_number(v),
                unit_text
            ),
        );
    };
    let next_milestone = move || {
        current.with(|g| {
            g.milestones
                .iter()
                .find(|m| m.done_on.is_none())
                .map(|m| m.title.clone())
        })
    };
    let mark = Callback::new(move |_: ()| {
        if let Some(title) = next_milestone() {
            let update = ProgressUpdate {
                on: now().date(),
                value: None,
                milestone: Some(title.clone()),
                confidence: None,
                note: "Done, noted in a check-in".into(),
                by_self: false,
            };
            apply(update, format!("Milestone done: {title}"));
        }
    });
    let reading = move || {
        current.with(|g| match &g.measure {
            Some(m) => format!(
                "now {} {} (target {})",
                format_number(m.current),
                m.unit,
                format_number(m.target)
            ),
            None => format!(
                "{} of {} milestones done",
                g.milestones.iter().filter(|m| m.done_on.is_some()).count(),
                g.milestones.len()
            ),
        })
    };
    let measured = goal.measure.is_some();
    view! {
        <li class="goal-update" data-testid="goal-update">
            <p><strong>{goal.title.clone()}</strong><br /><span class="card-meta">{reading}</span></p>
            {if measured {
                view! {
                    <form class="inline-form" on:submit=submit>
                        <TextField id=field_id label=format!("New reading{}", if unit.is_empty() { String::new() } else { format!(" ({unit})") }) value error kind="text" />
                        <button type="submit">"Update"</button>
                    </form>
                }.into_any()
            } else {
                view! {
                    <Show when=move || next_milestone().is_some() fallback=|| view! { <p class="card-meta">"Every milestone is done."</p> }>
                        <button type="button" on:click=move |_| mark.run(())>{move || format!("Mark “{}” done", next_milestone().unwrap_or_default())}</button>
                    </Show>
                    <p class="field-error">{move || error.get()}</p>
                }.into_any()
            }}
        </li>
    }
}

#[component]
fn ObstaclesSection(ci: RwSignal<CheckIn>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let help = RwSignal::new(String::new());
    let needs = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        add_text(text, error, |t| {
            ci.update(|c| {
                c.obstacles.push(Obstacle {
                    text: t,
                    help: help.get_untracked().trim().into(),
                    needs: needs.get_untracked().trim().into(),
                })
            });
            help.set(String::new());
            needs.set(String::new());
        });
    };
    view! {
        <section class="panel" aria-labelledby="obstacles-title">
            <h2 id="obstacles-title">"Obstacles and problem-solving"</h2>
            <ul class="cards" data-testid="obstacles">
                {move || ci.with(|c| c.obstacles.clone()).into_iter().enumerate().map(|(i, o)| view! {
                    <li class="card">
                        <span class="card-title">{o.text}</span>
                        {(!o.help.is_empty()).then(|| view! { <span>"Help offered: "{o.help}</span> })}
                        {(!o.needs.is_empty()).then(|| view! { <span>"Needs: "{o.needs}</span> })}
                        <button type="button" on:click=move |_| ci.update(|c| { c.obstacles.remove(i); })>"Remove"</button>
                    </li>
                }).collect_view()}
            </ul>
            <form class="form" on:submit=submit>
                <TextField id="obstacle" label="What is in the way" value=text error=error />
                <TextField id="obstacle-help" label="Help offered" value=help error=no_error() />
                <TextField id="obstacle-needs" label="Decision or resources needed" value=needs error=no_error() />
                <div class="actions"><button type="submit">"Add obstacle"</button></div>
            </form>
        </section>
    }
}

#[component]
fn PlanningSection(ci: RwSignal<CheckIn>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let full = move || ci.with(|c| c.priorities.len() >= MAX_PRIORITIES);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if full() {
            error.set(Some(
                "Five is the most: the method asks for the few that matter. Remove one first."
                    .into(),
            ));
            return;
        }
        add_text(text, error, |t| {
            ci.update(|c| {
                c.priorities.push(Priority {
                    text: t,
                    done: false,
                })
            })
        });
    };
    view! {
        <section class="panel" aria-labelledby="planning-title">
            <h2 id="planning-title">"Planning and priorities"</h2>
            <p class="hint">"Next week's top priorities, up to five. They open the next check-in to be ticked off."</p>
            <ol class="notes" data-testid="priorities">
                {move || ci.with(|c| c.priorities.clone()).into_iter().enumerate().map(|(i, p)| view! {
                    <li>{p.text}" "<button type="button" class="link" on:click=move |_| ci.update(|c| { c.priorities.remove(i); })>"Remove"</button></li>
                }).collect_view()}
            </ol>
            <form class="inline-form" on:submit=submit>
                <TextField id="priority" label="A priority for next week" value=text error=error />
                <button type="submit">"Add priority"</button>
            </form>
        </section>
    }
}

#[component]
fn ActionItems(ci: RwSignal<CheckIn>, name: String) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let owner = RwSignal::new("member".to_string());
    let due = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parsed = match optional(
            &due.get_untracked(),
            parse_iso,
            "due",
            "Pick a date, or leave it empty.",
        ) {
            Ok(d) => d,
            Err(e) => return errors.show("action", vec![e]),
        };
        let held_on = ci.with_untracked(|c| c.held_on);
        let t = text.get_untracked();
        match check_action(&t, parsed, held_on) {
            Err(e) => errors.show(
                "action",
                vec![crate::domain::FieldError::new(
                    if e.field == "action_due" {
                        "due"
                    } else {
                        "text"
                    },
                    e.message,
                )],
            ),
            Ok(()) => {
                errors.clear();
                ci.update(|c| {
                    c.actions.push(ActionItem {
                        id: new_id(),
                        text: t.trim().into(),
                        owner: ActionOwner::from_key(&owner.get_untracked()),
                        due: parsed,
                        done_on: None,
                    })
                });
                text.set(String::new());
                due.set(String::new());
            }
        }
    };
    let owner_label = move |o: ActionOwner| {
        if o == ActionOwner::Manager {
            "Manager".to_string()
        } else {
            name.clone()
        }
    };
    let owner_options = vec![("member", "Team member"), ("manager", "Manager")];
    view! {
        <section class="panel" aria-labelledby="actions-title">
            <h2 id="actions-title">"Action items"</h2>
            <ul class="ticks" data-testid="action-items">
                {move || ci.with(|c| c.actions.clone()).into_iter().map(|a| {
                    let aid = a.id.clone();
                    let who = owner_label(a.owner);
                    view! {
                        <li><label class="check">
                            <input type="checkbox" prop:checked=a.done_on.is_some() on:change=move |ev| {
                                let done = event_target_checked(&ev).then(|| now().date());
                                ci.update(|c| if let Some(x) = c.actions.iter_mut().find(|x| x.id == aid) { x.done_on = done; });
                            } />
                            " " {a.text} <span class="card-meta">{format!(" · {who}{}", a.due.map(|d| format!(" · due {}", long_date(d))).unwrap_or_default())}</span>
                        </label></li>
                    }
                }).collect_view()}
            </ul>
            <form class="inline-form" on:submit=submit>
                <TextField id="action-text" label="Action" value=text error=errors.of("text") />
                <crate::ui::components::SelectField id="action-owner" label="Who" value=owner options=owner_options error=no_error() />
                <TextField id="action-due" label="Due" value=due error=errors.of("due") kind="date" />
                <button type="submit">"Add action item"</button>
            </form>
        </section>
    }
}

/// A held check-in: what was said and agreed, with a Markdown export.
#[component]
fn CheckInRecord(id: String, check_in: CheckIn) -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = person_name(state, &check_in.person);
    let c = check_in.clone();
    let export_name = name.clone();
    let export = move |_| {
        let text = c.markdown(&export_name, &|g| goal_title(state, g));
        download(
            &format!("check-in-{}.md", c.held_on),
            "text/markdown",
            &text,
        );
    };
    let list = |title: &'static str, items: Vec<String>| {
        (!items.is_empty()).then(|| view! {
            <h2>{title}</h2>
            <ul class="notes">{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
        })
    };
    let ci = check_in;
    let _ = id;
    let crumb = name.clone();
    view! {
        <article class="meeting" data-testid="check-in-record">
            <header class="page-head">
                <div>
                    <p class="crumb"><A href=href(&format!("/people/{}", ci.person))>{crumb}</A></p>
                    <h1>{format!("Check-in with {name}")}</h1>
                    <p class="sub">{long_date(ci.held_on)}{ci.run.finished.map(|_| match ci.run.timer.total(0) / 60_000 {
                        0 => " · under a minute".to_string(),
                        1 => " · 1 minute".to_string(),
                        m => format!(" · {m} minutes"),
                    })}</p>
                </div>
                <div class="actions no-print">
                    <button type="button" on:click=export>"Export Markdown"</button>
                    <button type="button" on:click=|_| { let _ = window().print(); }>"Print"</button>
                </div>
            </header>
            {(!ci.notes.is_empty()).then(|| view! { <h2>"Progress"</h2><p class="prewrap">{ci.notes.clone()}</p> })}
            {list("Goals updated", ci.goal_updates.iter().map(|g| format!("{}: {}", goal_title(state, &g.goal), g.text)).collect())}
            {list("Wins", ci.wins.clone())}
            {list("Obstacles", ci.obstacles.iter().map(|o| format!("{}{}{}", o.text,
                if o.help.is_empty() { String::new() } else { format!(" — help offered: {}", o.help) },
                if o.needs.is_empty() { String::new() } else { format!(" — needs: {}", o.needs) })).collect())}
            {list("Last week's priorities", ci.last_priorities.iter().map(|p| format!("{} {}", if p.done { "✓" } else { "✗" }, p.text)).collect())}
            {list("Priorities for next week", ci.priorities.iter().map(|p| p.text.clone()).collect())}
            {list("Action items", ci.actions.iter().map(|a| format!("{} {}", if a.done_on.is_some() { "✓" } else { "○" }, a.text)).collect())}
            {(!ci.private_note.is_empty()).then(|| view! { <h2>"Private note"</h2><p class="prewrap private">{ci.private_note.clone()}</p> })}
        </article>
    }
}
