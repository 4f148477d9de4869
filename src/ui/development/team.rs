//! The team's development: a coverage grid of skills × people (colour and the level as text),
//! its single points of failure and the skills nobody holds, stale assessments, and how stretch
//! work has been shared over the last 12 months.
use leptos::prelude::*;
use leptos_router::components::A;

use super::{assessments, skills, stretches, DevTabs};
use crate::domain::development::gaps::{
    coverage, coverage_csv, fairness, Coverage, FairRow, Member, HOLDS_LEVEL,
};
use crate::domain::development::{Assessment, Skill, Stretch, StretchKind};
use crate::domain::scope::Role;
use crate::ui::browser::download;
use crate::ui::components::TableScroll;
use crate::ui::href;
use crate::ui::state::{now, AppState};

#[component]
pub fn TeamDevelopmentPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    if let Role::Member(me) = state.role() {
        return view! {
            <article data-testid="team-development">
                <header class="page-head"><div><DevTabs /><h1>"Team coverage"</h1></div></header>
                <p class="empty">"The team's coverage reads everyone's assessments, which only the manager's devices hold. Your own development plan is on your page."</p>
                <A href=href(&format!("/people/{me}/development")) attr:class="button">"Your development plan"</A>
            </article>
        }
        .into_any();
    }
    let today = now().date();
    let data = Memo::new(move |_| {
        state.repo.with(|r| {
            let people: Vec<(String, String, String)> = r
                .people()
                .into_iter()
                .filter(|(_, p)| !p.archived)
                .map(|(rec, p)| (rec.id.clone(), p.name.clone(), p.role.clone()))
                .collect();
            let members: Vec<Member> = people
                .iter()
                .map(|(id, name, role)| Member { id, name, role })
                .collect();
            let all_skills = skills(r);
            let pairs: Vec<(&str, &Skill)> = all_skills
                .iter()
                .map(|(id, _, s)| (id.as_str(), s))
                .collect();
            let all = assessments(r, None);
            let refs: Vec<&Assessment> = all.iter().map(|(_, a)| a).collect();
            let st = stretches(r, None);
            let st_refs: Vec<&Stretch> = st.iter().map(|(_, _, s)| s).collect();
            let people_ids: Vec<String> = people.iter().map(|(id, _, _)| id.clone()).collect();
            (
                coverage(&members, &pairs, &refs, today),
                fairness(&members, &st_refs, today),
                people_ids,
            )
        })
    });
    let export = move |_| {
        let csv = data.with_untracked(|(c, _, _)| coverage_csv(c));
        download(&format!("skills-coverage-{today}.csv"), "text/csv", &csv);
    };
    view! {
        <article data-testid="team-development">
            <header class="page-head">
                <div>
                    <DevTabs />
                    <h1>"Team coverage"</h1>
                    <p class="sub">{format!("Each person's latest assessment per skill. Holding a skill means level {HOLDS_LEVEL} or above: they can do it alone and help others.")}</p>
                </div>
                <button type="button" on:click=export data-testid="export-coverage">"Download CSV"</button>
            </header>
            {move || data.with(|(c, (rows, message), ids)| view! {
                <Findings c=c.clone() />
                <Grid c=c.clone() ids=ids.clone() />
                <Fairness rows=rows.clone() message=message.clone() />
            })}
        </article>
    }
    .into_any()
}

#[component]
fn Findings(c: Coverage) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="risks-title" data-testid="coverage-findings">
            <h2 id="risks-title">"What the grid says"</h2>
            {if c.rows.is_empty() {
                view! { <p class="empty">"No skills yet: start with the skills framework."</p> }.into_any()
            } else {
                view! {
                    <ul class="notes">
                        {c.single_points.iter().map(|(skill, who)| view! {
                            <li data-testid="single-point"><strong>"Single point of failure: "</strong>{format!("only {who} holds {skill}. If they are away, nobody covers it: plan who learns it next.")}</li>
                        }).collect_view()}
                        {c.nobody.iter().map(|skill| view! {
                            <li data-testid="nobody-holds"><strong>"Nobody holds: "</strong>{format!("{skill} is needed, but nobody is at level {HOLDS_LEVEL} or above.")}</li>
                        }).collect_view()}
                        {c.stale.iter().map(|(who, skill, age)| view! {
                            <li data-testid="stale"><strong>"Stale: "</strong>{format!("{who}'s {skill} assessment is {age}.")}</li>
                        }).collect_view()}
                        {(c.single_points.is_empty() && c.nobody.is_empty() && c.stale.is_empty()).then(|| view! { <li>"Every needed skill has at least two holders, and every assessment is current."</li> })}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Grid(c: Coverage, ids: Vec<String>) -> impl IntoView {
    let people = c.people.clone();
    view! {
        <section class="panel" aria-labelledby="grid-title">
            <h2 id="grid-title">"Skills × people"</h2>
            <p class="hint">"The level as text, with colour from 1 (light) to 4 (dark); “needs” when below what their role needs; “?” when needed but not assessed."</p>
            <TableScroll label="Coverage grid">
                <table class="coverage" data-testid="coverage-grid">
                    <thead><tr>
                        <th scope="col">"Skill"</th>
                        {people.into_iter().zip(ids).map(|(name, id)| view! { <th scope="col"><A href=href(&format!("/people/{id}/development"))>{name}</A></th> }).collect_view()}
                        <th scope="col">{format!("Holders ({HOLDS_LEVEL}+)")}</th>
                    </tr></thead>
                    <tbody>
                        {c.rows.into_iter().map(|row| {
                            let risk = row.required && row.holders.len() < 2;
                            view! {
                                <tr class:risk=risk>
                                    <th scope="row">{row.name.clone()}<span class="card-sub">{row.category.label()}</span></th>
                                    {row.cells.into_iter().map(|cell| {
                                        let class = format!("lvl lvl-{}{}{}", cell.level.unwrap_or(0), if cell.level.zip(cell.required).is_some_and(|(l, r)| l < r) || (cell.level.is_none() && cell.required.is_some()) { " short" } else { "" }, if cell.stale { " stale" } else { "" });
                                        view! { <td class=class>{cell.text()}{cell.stale.then_some(" (stale)")}</td> }
                                    }).collect_view()}
                                    <td>{match row.holders.len() { 0 if row.required => "none".to_string(), n => n.to_string() }}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </TableScroll>
        </section>
    }
}

#[component]
fn Fairness(rows: Vec<FairRow>, message: String) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="fair-title" data-testid="fairness">
            <h2 id="fair-title">"Stretch work, last 12 months"</h2>
            <p data-testid="fairness-message">{message}</p>
            <TableScroll label="Stretch assignments per person">
                <table class="fairness">
                    <thead><tr><th scope="col">"Person"</th>{StretchKind::ALL.map(|k| view! { <th scope="col" class="count">{k.label()}</th> }).collect_view()}<th scope="col" class="count">"Total"</th></tr></thead>
                    <tbody>
                        {rows.into_iter().map(|r| view! {
                            <tr class:risk=r.total == 0><th scope="row">{r.person}</th>{r.counts.map(|n| view! { <td class="count">{n}</td> }).collect_view()}<td class="count">{r.total}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </TableScroll>
        </section>
    }
}
