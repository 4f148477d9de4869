//! The skills framework: each skill with its category, what levels 1 to 4 look like, and the
//! level each role needs. A skill that is a behaviour of the role standards links to it.
use leptos::prelude::*;

use super::{skills, DevTabs};
use crate::domain::development::{level_label, parse_level, Category, Required, Skill, LEVELS};
use crate::domain::scope::Scope;
use crate::domain::standards::{Level, RoleStandards, BEHAVIOURS};
use crate::domain::FieldError;
use crate::store::Body;
use crate::ui::components::{Audience, FormErrors, SelectField, TextArea, TextField};
use crate::ui::state::{AppState, Repo, SaveOutcome};

/// The roles people have and standards name, without repeats (ignoring case).
fn known_roles(r: &Repo) -> Vec<String> {
    let mut roles: Vec<String> = vec![];
    let people = r.people();
    let from_people = people
        .iter()
        .filter(|(_, p)| !p.archived)
        .map(|(_, p)| p.role.trim().to_string());
    let from_standards = r.live().filter_map(|rec| match &rec.body {
        Body::Standards(s) => Some(s.role.trim().to_string()),
        _ => None,
    });
    for role in from_people.chain(from_standards) {
        if !role.is_empty() && !roles.iter().any(|x| x.eq_ignore_ascii_case(&role)) {
            roles.push(role);
        }
    }
    roles.sort();
    roles
}

#[component]
pub fn SkillsPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let all = Memo::new(move |_| state.repo.with(skills));
    let standards = Memo::new(move |_| {
        state.repo.with(|r| {
            r.live()
                .filter_map(|rec| match &rec.body {
                    Body::Standards(s) => Some(s.clone()),
                    _ => None,
                })
                .collect::<Vec<RoleStandards>>()
        })
    });
    let editing = RwSignal::new(None::<Option<(String, u64, Skill)>>);
    let manager = state.role() == crate::domain::scope::Role::Manager;
    view! {
        <article class="skills" data-testid="skills-page">
            <header class="page-head">
                <div>
                    <DevTabs />
                    <h1>"Skills framework"</h1>
                    <p class="sub">"What each role needs, on a scale of 1 to 4, and what each level looks like. People are assessed against their role's skills; the gaps feed their development plans."</p>
                </div>
                {manager.then(|| view! { <button type="button" class="primary" data-testid="add-skill" on:click=move |_| editing.set(Some(None))>"Add a skill"</button> })}
            </header>
            {move || editing.get().map(|existing| view! { <SkillForm existing on_done=Callback::new(move |_| editing.set(None)) /> })}
            <Show when=move || all.with(|a| a.is_empty())>
                <p class="empty">"No skills yet. Add the skills your roles need, with the level each role needs."</p>
            </Show>
            {move || all.get().into_iter().map(|(id, rev, s)| {
                let edit = (id.clone(), rev, s.clone());
                let levels: Vec<(u8, String)> = match &s.behaviour {
                    // The standards describe it: below, meets and exceeds of the roles that need it.
                    Some(b) => {
                        let i = BEHAVIOURS.iter().position(|x| x == b).unwrap_or(0);
                        standards.with(|all| all.iter().filter(|st| s.required_for(&st.role).is_some()).filter_map(|st| st.behaviours.get(i).map(|cells| (st.role.clone(), cells.clone()))).collect::<Vec<_>>())
                            .into_iter()
                            .flat_map(|(role, cells)| Level::ALL.into_iter().zip(cells).map(move |(l, text)| (0u8, format!("{role}, {}: {text}", l.label()))))
                            .collect()
                    }
                    None => s.levels.iter().enumerate().map(|(i, t)| (i as u8 + 1, t.clone())).collect(),
                };
                view! {
                    <section class="panel" data-testid="skill">
                        <div class="panel-head">
                            <h2>{s.name.clone()}<span class="tag">{s.category.label()}</span></h2>
                            {manager.then(|| view! { <button type="button" on:click=move |_| editing.set(Some(Some(edit.clone())))>"Edit"</button> })}
                        </div>
                        <p data-testid="skill-required">{format!("Needed: {}", s.required.iter().map(|r| format!("{} at {}", r.role, r.level)).collect::<Vec<_>>().join(" · "))}</p>
                        {s.behaviour.clone().map(|b| view! { <p class="hint">{format!("The “{b}” behaviour of the role standards: described there, not copied here.")}</p> })}
                        <ul class="notes">
                            {levels.into_iter().map(|(n, text)| view! {
                                <li>{if n == 0 { text } else { format!("{}: {text}", level_label(n)) }}</li>
                            }).collect_view()}
                        </ul>
                    </section>
                }
            }).collect_view()}
        </article>
    }
}

#[component]
fn SkillForm(existing: Option<(String, u64, Skill)>, on_done: Callback<()>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let errors = FormErrors::new();
    let start = existing
        .as_ref()
        .map(|(_, _, s)| s.clone())
        .unwrap_or_default();
    let name = RwSignal::new(start.name.clone());
    let category = RwSignal::new(start.category.key().to_string());
    let behaviour = RwSignal::new(start.behaviour.clone().unwrap_or_default());
    let levels: [RwSignal<String>; 4] =
        std::array::from_fn(|i| RwSignal::new(start.levels[i].clone()));
    // A row per role: the roles on the team, then any this skill names besides.
    let mut roles = state.repo.with_untracked(known_roles);
    for r in &start.required {
        if !roles.iter().any(|x| x.eq_ignore_ascii_case(r.role.trim())) {
            roles.push(r.role.trim().to_string());
        }
    }
    let rows: Vec<(String, RwSignal<String>)> = roles
        .into_iter()
        .map(|role| {
            let level = start
                .required_for(&role)
                .map(|l| l.to_string())
                .unwrap_or_default();
            (role, RwSignal::new(level))
        })
        .collect();
    let other_role = RwSignal::new(String::new());
    let other_level = RwSignal::new(String::new());
    let target = existing.map(|(id, rev, _)| (id, rev));
    let read = rows.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut errs = vec![];
        let mut required = vec![];
        let typed = read
            .iter()
            .map(|(role, v)| (role.clone(), v.get_untracked()))
            .chain((!other_role.get_untracked().trim().is_empty()).then(|| {
                (
                    other_role.get_untracked().trim().to_string(),
                    other_level.get_untracked(),
                )
            }));
        for (role, text) in typed {
            match parse_level(&text) {
                Ok(Some(level)) => required.push(Required { role, level }),
                Ok(None) => {}
                Err(e) => errs.push(FieldError::new("required", format!("{role}: {e}"))),
            }
        }
        let skill = Skill {
            name: name.get_untracked().trim().to_string(),
            category: Category::from_key(&category.get_untracked()).unwrap_or_default(),
            levels: levels.map(|l| l.get_untracked().trim().to_string()),
            required,
            behaviour: Some(behaviour.get_untracked()).filter(|b| !b.is_empty()),
        };
        if errs.is_empty() {
            errs = skill.problems();
        }
        if !errs.is_empty() {
            return errors.show("skill", errs);
        }
        match state.save(target.clone(), Body::Skill(skill)) {
            SaveOutcome::Conflict(_) | SaveOutcome::Missing => errors.show(
                "skill",
                vec![FieldError::new(
                    "name",
                    "This skill changed in another tab: open it again to edit the newest version.",
                )],
            ),
            SaveOutcome::NotAllowed => {}
            _ => {
                state.say("Skill saved.");
                on_done.run(());
            }
        }
    };
    let categories: Vec<(&'static str, &'static str)> =
        Category::ALL.iter().map(|c| (c.key(), c.label())).collect();
    let mut behaviours: Vec<(&'static str, &'static str)> =
        vec![("", "None: describe the levels here")];
    behaviours.extend(BEHAVIOURS.iter().map(|b| (*b, *b)));
    view! {
        <form class="form panel" novalidate on:submit=submit data-testid="skill-form">
            <TextField id="skill-name" label="Skill" value=name error=errors.of("name") required=true hint="For example: API troubleshooting" />
            <SelectField id="skill-category" label="Category" value=category options=categories error=errors.of("category") />
            <SelectField id="skill-behaviour" label="Same as a behaviour of the role standards?" value=behaviour options=behaviours error=errors.of("behaviour") />
            <fieldset id="skill-required" tabindex="-1" aria-describedby="skill-required-error">
                <legend>"Level each role needs (1 to 4; empty: not needed)"</legend>
                <div class="row-3">
                    {rows.into_iter().enumerate().map(|(i, (role, v))| view! {
                        <TextField id=format!("skill-req-{i}") label=role value=v kind="text" error=Signal::derive(|| None::<String>) />
                    }).collect_view()}
                </div>
                <div class="row">
                    <TextField id="skill-other-role" label="Another role" value=other_role error=Signal::derive(|| None::<String>) />
                    <TextField id="skill-other-level" label="Its level" value=other_level error=Signal::derive(|| None::<String>) />
                </div>
                <p class="field-error" id="skill-required-error" role="alert">{move || errors.of("required").get()}</p>
            </fieldset>
            <Show when=move || behaviour.with(String::is_empty)>
                <fieldset id="skill-levels" tabindex="-1" aria-describedby="skill-levels-error">
                    <legend>"What each level looks like"</legend>
                    {levels.into_iter().enumerate().map(|(i, v)| view! {
                        <TextArea id=format!("skill-level-{}", i + 1) label=level_label(i as u8 + 1) value=v error=Signal::derive(|| None::<String>) hint=format!("Usually: {}", LEVELS[i].1) />
                    }).collect_view()}
                    <p class="field-error" id="skill-levels-error">{move || errors.of("levels").get()}</p>
                </fieldset>
            </Show>
            <Audience scope=Scope::Team />
            <div class="actions">
                <button type="submit" class="primary">"Save skill"</button>
                <button type="button" on:click=move |_| on_done.run(())>"Cancel"</button>
            </div>
        </form>
    }
}
