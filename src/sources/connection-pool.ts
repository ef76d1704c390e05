// Kept-alive connections for the safe HTTP client (http-get.ts): a feed host polled again within a few
// seconds (many feeds on one site, a redirect to the same host) reuses its open connection instead of a
// new TCP (and TLS) handshake per request. The address policy still holds for every connection:
// - a NEW connection is made with the requesting call's checked lookup and its socket's address is
//   checked once connected, as without a pool;
// - a REUSED connection's address is checked again against the policy of the request that reuses it;
// - connections are kept per policy (private addresses allowed or not, test allowances, resolver, CA),
//   so a connection opened under one policy is never offered to a request under another.
// Requests through a proxy never use the pool (proxy-route.ts opens a connection or tunnel per request).
import type { Agent, AgentOptions } from 'node:http';
import https from 'node:https';
import type { NetworkPolicy, Resolver } from './guarded-lookup.ts';
import { http } from './node-http.ts';

export interface PoolLimits {
  /** Open connections per host:port at most (requests beyond wait for one). */
  maxSocketsPerHost: number;
  /** Idle connections kept per host:port at most. */
  maxFreeSocketsPerHost: number;
  /** An idle connection is closed after this long: shorter than common servers' keep-alive (Node and Apache: 5 s). */
  idleTimeoutMs: number;
}

export const DEFAULT_POOL_LIMITS: PoolLimits = { maxSocketsPerHost: 4, maxFreeSocketsPerHost: 4, idleTimeoutMs: 4_000 };

/** What a connection was opened under; connections are shared only between requests with the same. */
export interface PoolPolicy extends NetworkPolicy {
  resolver: Resolver;
  ca: string | undefined;
}

export interface ConnectionPool {
  /** The keep-alive agent for `protocol` ('http:' or 'https:') under `policy`. */
  agentFor(protocol: string, policy: PoolPolicy): Agent;
  /** Closes every idle connection and forgets the agents (in-flight requests finish on their own). */
  close(): void;
}

export function createConnectionPool(limits: PoolLimits = DEFAULT_POOL_LIMITS): ConnectionPool {
  // Per resolver (an object, so keyed by identity), then per protocol and policy.
  const agents = new Map<Resolver, Map<string, Agent>>();
  const options: AgentOptions = {
    keepAlive: true,
    maxSockets: limits.maxSocketsPerHost,
    maxFreeSockets: limits.maxFreeSocketsPerHost,
    timeout: limits.idleTimeoutMs,
  };
  return {
    agentFor(protocol, policy) {
      const key = [protocol, policy.allowPrivateAddresses, [...policy.allowances].sort().join(' '), policy.ca ?? ''].join('|');
      let byPolicy = agents.get(policy.resolver);
      if (byPolicy === undefined) agents.set(policy.resolver, (byPolicy = new Map()));
      let agent = byPolicy.get(key);
      if (agent === undefined) {
        agent = protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
        byPolicy.set(key, agent);
      }
      return agent;
    },
    close() {
      for (const byPolicy of agents.values()) for (const agent of byPolicy.values()) agent.destroy();
      agents.clear();
    },
  };
}
