//! The documents an indexing run has handed to tantivy and tantivy has not
//! indexed yet.
//!
//! Owns: [`Backlog`], the bytes of those documents, and the wait that keeps
//! them under a bound. tantivy queues up to 10,000 documents for its indexing
//! threads, and parsing outruns indexing: with nothing else in the way the
//! queue fills, and at ~70 KB a plan (its text and its hit record) it held
//! ~700 MB. A run used to bound it by committing often, which also cut the
//! writer's segments small and left all of them to be merged. With the queue
//! bounded here, a run commits rarely (see [`crate::index::CommitSchedule`]).

use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

/// Bytes of the documents given to the writer and not yet dropped by it.
#[derive(Debug, Default)]
pub struct Backlog {
    state: Mutex<State>,
    indexed: Condvar,
}

#[derive(Debug, Default)]
struct State {
    bytes: usize,
    /// Set once a wait ran out of patience: from then on nothing waits.
    stalled: bool,
}

/// How long [`Backlog::admit`] waits without a single document indexed before
/// it lets the document through anyway. An indexing thread that writes its
/// segment out takes seconds, not this; one that died never drops what it
/// holds, and the writer reports its error on the next document instead.
const PATIENCE: Duration = Duration::from_secs(60);

/// A document's place in a [`Backlog`]: its bytes leave the count when the
/// document (which holds this) is dropped.
#[derive(Debug)]
pub struct Ticket {
    backlog: Arc<Backlog>,
    bytes: usize,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut state = self.backlog.lock();
        state.bytes = state.bytes.saturating_sub(self.bytes);
        drop(state);
        self.backlog.indexed.notify_all();
    }
}

impl Backlog {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Bytes waiting now.
    pub fn bytes(&self) -> usize {
        self.lock().bytes
    }

    /// Wait until `bytes` more keep the backlog within `limit` (or it is
    /// empty: a document larger than the limit goes alone), then count them
    /// in. The ticket keeps them counted until it is dropped.
    pub fn admit(self: &Arc<Self>, bytes: usize, limit: usize) -> Ticket {
        let mut state = self.lock();
        while !state.stalled && state.bytes > 0 && state.bytes.saturating_add(bytes) > limit {
            let (next, wait) = self
                .indexed
                .wait_timeout(state, PATIENCE)
                .unwrap_or_else(PoisonError::into_inner);
            state = next;
            if wait.timed_out() {
                state.stalled = true;
            }
        }
        state.bytes += bytes;
        Ticket {
            backlog: Arc::clone(self),
            bytes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_waits_until_enough_is_indexed_to_keep_the_backlog_in_bounds() {
        let backlog = Arc::new(Backlog::default());
        let first = backlog.admit(60, 100);
        let second = backlog.admit(40, 100);
        assert_eq!(backlog.bytes(), 100);
        // a third must wait for one of them to be dropped
        let (tx, rx) = std::sync::mpsc::channel();
        let waiting = {
            let backlog = Arc::clone(&backlog);
            std::thread::spawn(move || {
                let t = backlog.admit(50, 100);
                tx.send(()).expect("send");
                t
            })
        };
        assert!(
            rx.recv_timeout(Duration::from_millis(200)).is_err(),
            "admitted over the bound"
        );
        drop(first);
        rx.recv_timeout(Duration::from_secs(10))
            .expect("admitted once there is room");
        let third = waiting.join().expect("thread");
        assert_eq!(backlog.bytes(), 90);
        drop((second, third));
        assert_eq!(backlog.bytes(), 0);
        // one document larger than the bound goes through an empty backlog
        let big = backlog.admit(500, 100);
        assert_eq!(backlog.bytes(), 500);
        drop(big);
    }
}
