//! Team celebrations: the wins wall, the best practices collected from "what made it work",
//! and the form that records a win.
use leptos::prelude::*;

use super::compose::given_on;
use super::wins_in;
use crate::domain::dates::long_date;
use crate::domain::feedback::best_practices;
use crate::domain::Celebration;
use crate::store::Body;
use crate::ui::components::{CheckList, FormErrors, TextArea, TextField};
use crate::ui::href;
use crate::ui::lookup::{goal_title, people_choices, person_name};
use crate::ui::router::use_navigate;
use crate::ui::state::{now, AppState, SaveOutcome};
use leptos_router::components::A;

#[component]
pub fn WinsPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let wins = Memo::new(move |_| {
        state.repo.with(|r| {
            let mut w: Vec<(String, Celebration)> = wins_in(r)
                .map(|(id, c)| (id.to_string(), c.clone()))
                .collect();
            crate::domain::goal::sort_small(&mut w, |a, b| a.1.on > b.1.on);
            w
        })
    });
    let practices = Memo::new(move |_| wins.with(|w| best_practices(w.iter().map(|(_, c)| c))));
    view! {
        <article data-testid="wins">
            <header class="page-head">
                <div>
                    <p class="crumb"><A href=href("/feedback")>"Feedback"</A></p>
                    <h1>"Team wins"</h1>
                    <p class="sub">"What the team achieved together, and what made it work."</p>
                </div>
                <A href=href("/wins/new") attr:class="button primary">"Celebrate a win"</A>
            </header>
            {move || if wins.with(Vec::is_empty) {
                view! { <p class="empty panel">"No wins recorded yet. When the team reaches something, celebrate it here."</p> }.into_any()
            } else {
                view! {
                    <ul class="wins-wall" data-testid="wins-wall">
                        {wins.get().into_iter().map(|(_, w)| view! {
                            <li class="win-card" data-testid="win">
                                <h2>{w.title.clone()}</h2>
                                <p class="card-sub"><time>{long_date(w.on)}</time>" · "
                                    {w.contributors.iter().map(|p| person_name(state, p)).collect::<Vec<_>>().join(", ")}</p>
                                <p>{w.story.clone()}</p>
                                {(!w.goals.is_empty()).then(|| view! {
                                    <p class="card-sub">"Goals: "{w.goals.clone().into_iter().map(|g| view! {
                                        <A href=href(&format!("/goals/{g}"))>{goal_title(state, &g)}</A>" "
                                    }).collect_view()}</p>
                                })}
                                {(!w.what_worked.is_empty()).then(|| view! {
                                    <h3>"What made it work"</h3>
                                    <ul class="notes">{w.what_worked.iter().map(|t| view! { <li>{t.clone()}</li> }).collect_view()}</ul>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <section class="panel" aria-labelledby="practices-title" data-testid="best-practices">
                <h2 id="practices-title">"Best practices"</h2>
                <p class="hint">"Collected from “what made it work” across the wins; the most often named first."</p>
                {move || if practices.with(Vec::is_empty) {
                    view! { <p class="empty">"None yet."</p> }.into_any()
                } else {
                    view! { <ul class="notes">{practices.get().into_iter().map(|p| view! {
                        <li><strong>{p.text}</strong>
                            <span class="card-sub">{format!(" · {}", p.wins.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>().join(", "))}</span></li>
                    }).collect_view()}</ul> }.into_any()
                }}
            </section>
        </article>
    }
}

#[component]
pub fn CelebratePage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let navigate = use_navigate();
    let today = now().date();
    let errors = FormErrors::new();
    let title = RwSignal::new(String::new());
    let date = RwSignal::new(today.to_string());
    let story = RwSignal::new(String::new());
    let worked = RwSignal::new(String::new());
    let contributors = RwSignal::new(Vec::<String>::new());
    let goals = RwSignal::new(Vec::<String>::new());
    let goal_options: Vec<(String, String)> = state.repo.with_untracked(|r| {
        r.goals()
            .into_iter()
            .filter(|(_, g)| !g.archived)
            .map(|(rec, g)| (rec.id.clone(), g.title.clone()))
            .collect()
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let on = given_on(&date.get_untracked(), today, "on");
        let w = Celebration {
            title: title.get_untracked().trim().to_string(),
            on: on.clone().unwrap_or(today),
            goals: goals.get_untracked(),
            contributors: contributors.get_untracked(),
            story: story.get_untracked().trim().to_string(),
            what_worked: worked
                .get_untracked()
                .lines()
                .map(|l| {
                    l.trim()
                        .trim_start_matches(['-', '*', '•'])
                        .trim()
                        .to_string()
                })
                .filter(|l| !l.is_empty())
                .collect(),
        };
        let mut errs = w.problems();
        if let Err(mut e) = on {
            e.message = "Enter the day it happened, today or earlier, e.g. 2026-11-20.".into();
            errs.push(e);
        }
        if !errs.is_empty() {
            return errors.show("win", errs);
        }
        let title = w.title.clone();
        if let SaveOutcome::Saved(_) = state.save(None, Body::Celebration(w)) {
            state.say(format!("“{title}” is on the wins wall."));
        }
        navigate("/wins");
    };
    view! {
        <article class="composer" data-testid="celebrate">
            <header class="page-head">
                <div>
                    <p class="crumb"><A href=href("/wins")>"Team wins"</A></p>
                    <h1>"Celebrate a win"</h1>
                </div>
            </header>
            <form class="form panel" novalidate on:submit=submit>
                <TextField id="win-title" label="The achievement" value=title error=errors.of("title") required=true
                    hint="e.g. “Every renewal of the quarter closed on time”" />
                <TextField id="win-on" label="When" kind="date" value=date error=errors.of("on") />
                <CheckList id="win-contributors" legend="Who made it happen" options=people_choices(state) selected=contributors error=errors.of("contributors") />
                <TextArea id="win-story" label="The story" value=story error=errors.of("story")
                    hint="What happened, in a few sentences the team will enjoy reading again." />
                <TextArea id="win-what_worked" label="What made it work" value=worked error=errors.of("what_worked")
                    hint="One practice per line; they collect into the team's best-practice list." />
                {(!goal_options.is_empty()).then(|| view! {
                    <CheckList id="win-goals" legend="Linked goals (optional)" options=goal_options selected=goals error=Signal::derive(|| None::<String>) />
                })}
                <crate::ui::components::Audience scope=Signal::derive(|| crate::domain::scope::Scope::Team) />
                <div class="actions"><button type="submit" class="primary">"Add to the wins wall"</button></div>
            </form>
        </article>
    }
}
