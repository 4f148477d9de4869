//! The monthly review: the month's summary worked out from goals and check-ins, growth and
//! development, and goal adjustments with their reasons; printable, with a Markdown export.
use leptos::prelude::*;

use super::checkin::team;
use super::run::{
    autosave, keep_awake_while, meeting_page, no_error, optional, use_clock, Script, TimerBar,
};
use crate::domain::checkin::{CheckIn, MeetingState};
use crate::domain::dates::month_name;
use crate::domain::dates::{long_date, parse_iso};
use crate::domain::goal::{format_number, parse_number};
use crate::domain::review::{adjust_goal, month_start, month_summary, Adjustment, MonthSummary};
use crate::domain::timer::MONTHLY;
use crate::domain::{FieldError, Goal, MonthlyReview};
use crate::store::Body;
use crate::ui::browser::download;
use crate::ui::components::editor::{Editor, EditorNotices};
use crate::ui::components::{ChoiceField, ConflictChooser, FormErrors, TextArea, TextField};
use crate::ui::href;
use crate::ui::lookup::{goal_title, person_goals, person_name};
use crate::ui::state::{now, AppState, SaveOutcome};
use leptos_router::components::A;

const PARTS: [&str; 3] = ["Achievements", "Growth", "Next month"];

fn summary_of(state: AppState, r: &MonthlyReview) -> MonthSummary {
    let goals: Vec<(String, Goal)> = person_goals(state, &r.person)
        .into_iter()
        .map(|(id, _, g)| (id, g))
        .collect();
    let check_ins: Vec<CheckIn> = state.repo.with(|repo| {
        repo.live()
            .filter_map(|rec| match &rec.body {
                Body::CheckIn(c) if c.person == r.person => Some(c.clone()),
                _ => None,
            })
            .collect()
    });
    let refs: Vec<&CheckIn> = check_ins.iter().collect();
    month_summary(&r.person, r.month, r.last_day(), &goals, &refs)
}

#[component]
pub fn ReviewPage(id: String) -> impl IntoView {
    let version = RwSignal::new(0u32);
    meeting_page(id, "review", version, move |id, rev, body| match body {
        Body::Review(r) => Some(view! { <Review id rev review=r version /> }.into_any()),
        _ => None,
    })
}

#[component]
fn Review(id: String, rev: u64, review: MonthlyReview, version: RwSignal<u32>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = person_name(state, &review.person);
    let finished = review.run.state == MeetingState::Finished;
    let editor = Editor::<MonthlyReview>::new(Some((id, rev)));
    let r = RwSignal::new(review.clone());
    let save_now = autosave(state, editor, r);
    let clock = use_clock();
    keep_awake_while(Signal::derive(move || r.with(|x| x.run.timer.running())));
    let fields = [
        RwSignal::new(review.achievements.clone()),
        RwSignal::new(review.skills.clone()),
        RwSignal::new(review.aspirations.clone()),
        RwSignal::new(review.training.clone()),
        RwSignal::new(review.resources.clone()),
    ];
    Effect::new(move |_| {
        let [a, s, asp, t, res] = fields.map(|f| f.get());
        r.update(|x| {
            if (
                &x.achievements,
                &x.skills,
                &x.aspirations,
                &x.training,
                &x.resources,
            ) != (&a, &s, &asp, &t, &res)
            {
                (
                    x.achievements,
                    x.skills,
                    x.aspirations,
                    x.training,
                    x.resources,
                ) = (a, s, asp, t, res);
            }
        });
    });
    // Worked out once per change of the store (a goal adjusted here shows at once).
    let month = Memo::new(move |_| r.with(|x| x.month));
    let summary = Memo::new(move |_| {
        month.track();
        state.repo.track();
        summary_of(state, &r.get_untracked())
    });
    // Held early in a month, a review may still be about the one before, and the other way round.
    let this_month = month_start(now().date());
    let choices: Vec<(String, String)> = [month_start(this_month.add_days(-1)), this_month]
        .into_iter()
        .map(|m| {
            (
                m.to_string(),
                format!("{} {}", month_name(m.month()), m.year()),
            )
        })
        .collect();
    let month_key = RwSignal::new(review.month.to_string());
    Effect::new(move |_| {
        if let Some(m) = parse_iso(&month_key.get()) {
            if m != r.with_untracked(|x| x.month) {
                r.update(|x| x.month = m);
            }
        }
    });
    let set_timer = Callback::new(move |t| {
        r.update(|x| x.run.timer = t);
        save_now();
    });
    let timer = Signal::derive(move || r.with(|x| x.run.timer.clone()));
    let part = move || r.with(|x| x.run.timer.section);
    let team = team(state);
    let prompt = Signal::derive(move || team.prompt(3 + part()).to_string());
    // Goals added for the person while the review runs are its stretch goals.
    let owner = review.person.clone();
    let new_goals = Memo::new(move |_| {
        let since = r.with(|x| x.run.started);
        state.repo.with(|repo| {
            repo.goals()
                .into_iter()
                .filter(|(rec, g)| g.owner == owner && since.is_some_and(|s| rec.created >= s))
                .map(|(rec, _)| rec.id.clone())
                .collect::<Vec<_>>()
        })
    });
    let finish = move |_| {
        let stretch = new_goals.get_untracked();
        r.update(|x| {
            x.stretch = stretch;
            x.run.finish(now());
        });
        save_now();
        if editor.conflict.get_untracked().is_none() {
            state.say("Monthly review saved.");
            version.update(|v| *v += 1);
        }
    };
    let export_name = name.clone();
    let export = move |_| {
        let x = r.get_untracked();
        let text = x.markdown(&export_name, &summary.get_untracked(), &|g| {
            goal_title(state, g)
        });
        download(
            &format!("review-{}-{}.md", export_name.replace(' ', "-"), x.month),
            "text/markdown",
            &text,
        );
    };
    let keep_mine = Callback::new(move |_| {
        editor.keep_mine(state);
    });
    let take_theirs = Callback::new(move |_| {
        if editor.take_theirs().is_some() {
            version.update(|v| *v += 1);
        }
    });
    let crumb = name.clone();
    let person = review.person.clone();
    let month_person = review.person.clone();
    let [achievements, skills, aspirations, training, resources] = fields;
    let show = move |i: usize| finished || part() == i;
    view! {
        <article class="meeting" data-testid="review">
            <header class="page-head">
                <div>
                    <p class="crumb"><A href=href(&format!("/people/{person}"))>{crumb}</A></p>
                    <h1>{move || format!("Monthly review: {name}, {}", r.with(|x| x.month_label()))}</h1>
                    <p class="sub">{long_date(review.held_on)}{if finished { " · held" } else { " · saved as you type" }}</p>
                </div>
                <div class="actions no-print">
                    <button type="button" on:click=export data-testid="export-review">"Export Markdown"</button>
                    <button type="button" on:click=|_| { let _ = window().print(); }>"Print"</button>
                    {(!finished).then(|| view! { <button type="button" class="primary" data-testid="finish" on:click=finish>"Finish review"</button> })}
                </div>
            </header>
            {move || editor.conflict.get().map(|_| view! {
                <ConflictChooser what="this review".to_string() mine=vec![("Version", "The review on this screen".to_string())] theirs=vec![("Version", "The one saved elsewhere".to_string())] on_keep_mine=keep_mine on_take_theirs=take_theirs />
            })}
            <EditorNotices kept_in_memory=editor.kept_in_memory missing=editor.missing />
            {(!finished).then(|| view! {
                <div class="no-print">
                    <div class="narrow"><ChoiceField id="review-month" label="Month reviewed" value=month_key options=Signal::derive(move || choices.clone()) /></div>
                    <TimerBar timer plan=&MONTHLY titles=PARTS clock set=set_timer />
                    <Script text=prompt />
                </div>
            })}
            <Show when=move || show(0)>
                <section class="panel" aria-labelledby="achievements-title">
                    <h2 id="achievements-title">"Achievement analysis"</h2>
                    <ul class="notes" data-testid="month-summary">
                        {move || summary.get().lines().into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
                    </ul>
                    {
                        let who = month_person.clone();
                        move || {
                            let (first, last) = r.with(|x| (x.month, x.last_day()));
                            view! { <crate::ui::insight::InsightSlot piece=crate::ui::insight::InsightPiece::Month(who.clone(), first, last) /> }
                        }
                    }
                    <TextArea id="review-achievements" label="Comments" value=achievements error=no_error() />
                </section>
            </Show>
            <Show when=move || show(1)>
                <section class="panel" aria-labelledby="growth-title">
                    <h2 id="growth-title">"Development and growth"</h2>
                    <crate::ui::development::DevSlot piece=crate::ui::development::DevPiece::Review { person: person.clone(), month: Signal::derive(move || r.with(|x| x.month)), notes: skills, finished } />
                    <TextArea id="review-skills" label="Skills and learning" value=skills error=no_error() />
                    <TextArea id="review-aspirations" label="Career aspirations" value=aspirations error=no_error() />
                    <TextArea id="review-training" label="Training needs" value=training error=no_error() />
                </section>
            </Show>
            <Show when=move || show(2)>
                <section class="panel" aria-labelledby="adjust-title">
                    <h2 id="adjust-title">"Goal adjustment and forward planning"</h2>
                    <ul class="notes" data-testid="adjustments">
                        {move || r.with(|x| x.adjustments.clone()).into_iter().map(|a| view! {
                            <li>{format!("{}: {} (why: {})", goal_title(state, &a.goal), a.change, a.reason)}</li>
                        }).collect_view()}
                    </ul>
                    {(!finished).then(|| view! { <AdjustGoal review=r /> })}
                    <ul class="notes" data-testid="stretch-goals">
                        {move || {
                            let ids = if finished { r.with(|x| x.stretch.clone()) } else { new_goals.get() };
                            ids.into_iter().map(|g| view! { <li>"Stretch goal: "<A href=href(&format!("/goals/{g}"))>{goal_title(state, &g)}</A></li> }).collect_view()
                        }}
                    </ul>
                    <p class="no-print"><A href=href(&format!("/goals/new?owner={}", review.person)) attr:class="button">"Add a stretch goal"</A>" It is listed here when you come back."</p>
                    <TextArea id="review-resources" label="Resources for next month" value=resources error=no_error() />
                </section>
            </Show>
        </article>
    }
}

/// Changes a goal's target or deadline with a reason; the goal's history keeps both.
#[component]
fn AdjustGoal(review: RwSignal<MonthlyReview>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let person = review.with_untracked(|x| x.person.clone());
    let goal = RwSignal::new(String::new());
    let target = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let errors = FormErrors::new();
    let options = Signal::derive(move || {
        let mut o = vec![(String::new(), "Choose a goal".to_string())];
        o.extend(person_goals(state, &person).into_iter().map(|(id, _, g)| {
            let now_text = g
                .measure
                .as_ref()
                .map(|m| format!(" (target {})", format_number(m.target)))
                .unwrap_or_default();
            (id, format!("{}{now_text}", g.title))
        }));
        o
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let gid = goal.get_untracked();
        let found = state.repo.with_untracked(|r| {
            r.get(&gid).and_then(|rec| match &rec.body {
                Body::Goal(g) => Some((rec.rev, g.clone())),
                _ => None,
            })
        });
        let Some((rev, g)) = found else {
            errors.show(
                "adjust",
                vec![FieldError::new("goal", "Choose the goal to change.")],
            );
            return;
        };
        let parsed = optional(
            &target.get_untracked(),
            parse_number,
            "target",
            "The new target must be a number.",
        )
        .and_then(|t| {
            optional(&due.get_untracked(), parse_iso, "due", "Pick a date.").map(|d| (t, d))
        });
        let (new_target, new_due) = match parsed {
            Ok(v) => v,
            Err(e) => return errors.show("adjust", vec![e]),
        };
        match adjust_goal(&g, new_target, new_due, &reason.get_untracked(), now().date()) {
            Err(e) => {
                let field = match e.field { "adjust_reason" => "reason", "adjust_due" => "due", _ => "target" };
                errors.show("adjust", vec![FieldError::new(field, e.message)]);
            }
            Ok((changed, change)) => match state.save(Some((gid.clone(), rev)), Body::Goal(changed)) {
                SaveOutcome::Saved(_) | SaveOutcome::InMemoryOnly(_) => {
                    errors.clear();
                    review.update(|x| x.adjustments.push(Adjustment { goal: gid, change, reason: reason.get_untracked().trim().into() }));
                    target.set(String::new());
                    due.set(String::new());
                    reason.set(String::new());
                    state.say("Goal changed; the reason is in its history.");
                }
                _ => errors.show("adjust", vec![FieldError::new("goal", "This goal changed in another tab. Choose it again to see the newest version.")]),
            },
        }
    };
    view! {
        <form class="form" on:submit=submit data-testid="adjust-goal">
            <ChoiceField id="adjust-goal" label="Goal" value=goal options error=errors.of("goal") />
            <TextField id="adjust-target" label="New target" value=target error=errors.of("target") />
            <TextField id="adjust-due" label="New deadline" value=due error=errors.of("due") kind="date" />
            <TextField id="adjust-reason" label="Why it changes" value=reason error=errors.of("reason") />
            <div class="actions"><button type="submit">"Change the goal"</button></div>
        </form>
    }
}
