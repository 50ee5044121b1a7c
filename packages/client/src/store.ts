/**
 * The interface of a shared rate-limit store: where the client's limiter keeps its slots when several processes
 * (replicas, workers, serverless instances) call the service with one App Key. The default, without a store,
 * is the in-process limiter of `limiter.ts`. `@agora-chat-push/client/redis` implements it on Redis.
 *
 * The rule every store keeps is the in-process limiter's: a request holds a slot from right before it is sent
 * until one period after its answer (or its failure) arrived; at most `limit` slots of a budget are held at
 * once. The service counted the request between the two, so however its windows are aligned, at most `limit`
 * of all the processes' requests fall in any of them.
 */

/** One budget of one App Key, as the client asks a store for a slot of it. */
export interface RateLimitBudget {
  /** The App Key and the budget (`org#app push-display`): slots of one key share one limit. */
  key: string;
  /** How many slots may be held at once: the documented limit, or its `share`. */
  limit: number;
  /** The period of the limit, in ms (`x-rate-limit.period`). */
  period: number;
}

/** A slot held for one request. */
export interface RateLimitSlot {
  /** The answer (or the failure) arrived: the slot frees one period from now. Called once. */
  release(): void;
}

/** A shared store of rate-limit slots, for `rateLimit: { store }` of the client. */
export interface RateLimitStore {
  /**
   * Resolves with a slot of `budget` once one is free, first come first served within this process. Rejects with
   * the signal's reason when it aborts first, and with an `Error` when the store cannot be reached (the call is
   * then not sent).
   */
  acquire(budget: RateLimitBudget, signal?: AbortSignal): Promise<RateLimitSlot>;
}
