import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { ubereatsOrderWorkflowId } from '../../domain/workflow-ids.ts';
import { uberEatsCredentials } from '../../db/ubereats/connections.ts';
import {
  claimUberEatsEvents,
  markUberEatsEventDispatched,
  markUberEatsEventFailed,
  type StoredUberEatsEvent,
} from '../../db/ubereats/inbox.ts';
import type {
  UberEatsEventSignal,
  UberEatsOrderInput,
  ubereatsOrderWorkflow,
} from '../../workflows/ubereats/ubereats-order.ts';
import type { ServerDeps } from '../deps.ts';
import { createInboxDispatcher } from '../inbox-dispatcher.ts';
import { syncUberEatsStore } from './store-sync.ts';

const CLAIM_MS = 30_000;
const BATCH = 50;
/** The staff are reminded this long after the order arrived when it still waits. */
const REMIND_AFTER_MS = 3 * 60_000;
const ORDER_EVENTS = new Set(['orders.notification', 'orders.scheduled.notification', 'orders.cancel']);
/** Uber asks for the store's menu again (a new store, or its copy lost): the branch's menu is pushed. */
const MENU_REFRESH = 'store.menu_refresh_request';

/**
 * Hands stored Uber Eats events to the order's workflow, oldest first: every order event
 * signals the workflow named by the Uber order, starting it if needed, so a cancel that
 * arrives before its order still reaches the one workflow of that order. A failed event is
 * retried with backoff, its error kept on the row. Uber's menu refresh request has the
 * branch's menu pushed.
 */
export function createUberEatsInbox(deps: ServerDeps) {
  async function handle(event: StoredUberEatsEvent): Promise<void> {
    if (!ORDER_EVENTS.has(event.event_type) && event.event_type !== MENU_REFRESH) return;
    const connection = await uberEatsCredentials(deps.db, deps.secrets, {
      id: event.connection_id,
      tenantId: event.tenant_id,
    });
    if (!connection) return;
    if (event.event_type === MENU_REFRESH) {
      await syncUberEatsStore(deps, connection.tenantId, connection.branchId, 'menu');
      return;
    }
    const now = Date.now();
    const input: UberEatsOrderInput = {
      tenantId: connection.tenantId,
      connectionId: connection.id,
      branchId: connection.branchId,
      uberOrderId: event.resource_id,
      autoAccept: connection.autoAccept,
      remindAtMs: now + Math.min(REMIND_AFTER_MS, (deps.env.UBEREATS_DENY_AFTER_SECONDS * 1000) / 2),
      denyAtMs: now + deps.env.UBEREATS_DENY_AFTER_SECONDS * 1000,
      pickupPollMs: deps.env.UBEREATS_PICKUP_POLL_SECONDS * 1000,
    };
    await deps.temporal.workflow.signalWithStart<typeof ubereatsOrderWorkflow, [UberEatsEventSignal]>(
      'ubereatsOrderWorkflow',
      {
        workflowId: ubereatsOrderWorkflowId(connection.tenantId, event.resource_id),
        taskQueue: deps.env.TEMPORAL_TASK_QUEUE,
        args: [input],
        signal: 'uberEatsEvent',
        signalArgs: [{ eventId: event.event_id, type: event.event_type }],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      },
    );
  }

  return createInboxDispatcher(deps, {
    name: 'Uber Eats',
    claim: () => claimUberEatsEvents(deps.db, CLAIM_MS, BATCH),
    handle,
    done: (id) => markUberEatsEventDispatched(deps.db, id),
    failed: (id, backoffMs, error) => markUberEatsEventFailed(deps.db, id, backoffMs, error),
  });
}
