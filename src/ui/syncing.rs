//! When sync runs (issue 7): on "Sync now", and with automatic sync on, a few seconds after a
//! change, when the app regains focus or the network, and every few minutes. After failures the
//! automatic rounds wait longer (see `SyncStatus::backoff_ms`); "Sync now" and coming back online
//! never wait. The round itself and its HTTP client are in the settings chunk (which holds the
//! sync settings and shares export and import with sync), fetched after the first screen.
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};

use crate::store::device::{sync_config, sync_switches};
use crate::sync::SyncStatus;
use crate::ui::state::{now, AppState};

type Round = Pin<Box<dyn Future<Output = Result<(), String>>>>;

/// A whole round with its status updates, from the settings chunk.
#[wasm_split(settings, wasm_split_path = ::leptos::wasm_split, fallible)]
fn sync_round(state: AppState) -> Result<Round, SplitLoaderError> {
    Ok(Box::pin(run(state)))
}

/// How many changes wait to be sent (every record before the first round).
pub fn waiting(state: AppState) -> usize {
    state
        .repo
        .with(|r| r.waiting_to_sync(&crate::sync::places(r, r.role())))
}

/// Runs a round now, unless one is running or sync is not set up.
pub fn sync_now(state: AppState) {
    leptos::task::spawn_local(async move {
        match sync_round(state).await {
            Ok(round) => {
                let _ = round.await;
            }
            Err(_) => state.sync.update(|s| {
                s.error = Some("The sync code could not be downloaded. Check the connection; your changes are kept here.".into());
            }),
        }
    });
}

/// A round of its own once any round running has ended (a minute at most), for steps that need
/// one to complete now: making an invitation, joining.
pub async fn run_next(state: AppState) -> Result<(), String> {
    for _ in 0..120 {
        if !state.sync.with_untracked(|s| s.running) {
            break;
        }
        crate::ui::browser::after_load_idle(500).await;
    }
    run(state).await
}

/// A round now, with its status updates; Err: why it failed (or could not start).
pub async fn run(state: AppState) -> Result<(), String> {
    let Some(config) = sync_config().filter(|c| !c.url.trim().is_empty()) else {
        return Err("Sync is not set up on this device.".into());
    };
    if state.sync.with_untracked(|s| s.running) {
        return Err("A round is already running.".into());
    }
    state.sync.update(|s| s.running = true);
    // A round merges records of every kind: their readers first.
    let result = if state.read_all().await {
        crate::sync::client::round(&config, |f| state.repo.update(|r| f(r))).await
    } else {
        Err("Part of Trellis did not download, so this device's records are not all read yet. Check the connection; your changes are kept here.".into())
    };
    let outcome = result.as_ref().map(|_| ()).map_err(String::clone);
    state.sync.update(|s| {
        s.running = false;
        s.rounds += 1;
        match result {
            Ok(done) => {
                s.last_ok = Some(now());
                s.error = done.warning;
                s.failures = 0;
                s.wait_until = 0;
                if done.conflicts > 0 {
                    state.say(format!(
                        "Sync found {} value(s) changed on both sides: choose in Settings → Sync.",
                        done.conflicts
                    ));
                }
            }
            Err(why) => {
                s.error = Some(why);
                s.failures += 1;
                s.wait_until = now().millis() + SyncStatus::backoff_ms(s.failures);
            }
        }
    });
    outcome
}

/// An automatic round, if automatic sync is on and no failure asks to wait.
fn auto(state: AppState) {
    let on = sync_switches().1;
    let waiting_out = state.sync.with_untracked(|s| now().millis() < s.wait_until);
    if on && !waiting_out {
        sync_now(state);
    }
}

/// Sets up automatic sync. Call once, in `App`.
pub fn start(state: AppState) {
    state.sync.update(|s| s.configured = sync_switches().0);
    // A few seconds after the last change (changes made by a round itself are in step). Nothing
    // is counted while sync is not set up.
    let pending = Memo::new(move |_| {
        if state.sync.with(|s| s.configured) {
            waiting(state)
        } else {
            0
        }
    });
    let generation = StoredValue::new(0u32);
    Effect::watch(
        move || pending.get(),
        move |n, _, _| {
            if *n == 0 {
                return;
            }
            generation.update_value(|g| *g += 1);
            let mine = generation.get_value();
            set_timeout(
                move || {
                    if generation.get_value() == mine {
                        auto(state);
                    }
                },
                Duration::from_secs(3),
            );
        },
        false,
    );
    let focus = window_event_listener(leptos::ev::focus, move |_| auto(state));
    // Back online: the usual reason for the last failures is gone, so no waiting out.
    let online = window_event_listener(leptos::ev::online, move |_| {
        if sync_switches().1 {
            sync_now(state);
        }
    });
    let every = set_interval_with_handle(move || auto(state), Duration::from_secs(300)).ok();
    on_cleanup(move || {
        focus.remove();
        online.remove();
        if let Some(h) = every {
            h.clear();
        }
    });
    // And once at startup, to catch up with the other devices.
    set_timeout(move || auto(state), Duration::from_secs(1));
}
