import { ConfigurationError } from '@campaign-standard/core';
import { createRecordList, type ListOptions, type RecordList } from '../list.js';
import { checkedListTarget } from '../list-target.js';
import type { CallOptions } from '../options.js';
import type { Subscription } from '../records.js';
import type { Requester } from '../requester.js';

/** Which subscription to remove: its href (preferred), its record, or the keys that name it. */
export type SubscriptionTarget =
  | string
  | Pick<Subscription, 'href'>
  | {
      /** The service's `PKey`. */
      servicePKey: string;
      /** The subscription's `PKey`. */
      subscriptionPKey: string;
    }
  | {
      /** The profile's `PKey`. */
      profilePKey: string;
      /** The subscription's `PKey`. */
      subscriptionPKey: string;
    };

/** Subscriptions of profiles to services, from either side. */
export interface SubscriptionsApi {
  /** Subscribes a profile to a service (POST on the profile's subscriptions). */
  subscribe(profilePKey: string, servicePKey: string, options?: CallOptions): Promise<Subscription>;
  /** Adds a profile to a service's subscribers (POST on the service's subscriptions). */
  addSubscriber(servicePKey: string, profilePKey: string, options?: CallOptions): Promise<Subscription>;
  /** The subscriptions of a profile. */
  listByProfile(profilePKey: string, options?: ListOptions): RecordList<Subscription>;
  /** The subscriptions (subscribers) of a service. */
  listByService(servicePKey: string, options?: ListOptions): RecordList<Subscription>;
  /** Removes a subscription (Campaign answers 204). */
  unsubscribe(target: SubscriptionTarget, options?: CallOptions): Promise<void>;
}

/** Builds {@link SubscriptionsApi}. */
export function createSubscriptionsApi(r: Requester): SubscriptionsApi {
  const list = (owner: 'profile' | 'service', pkey: string, options: ListOptions = {}) => {
    const { path, query } = checkedListTarget(`/profileAndServices/${owner}/{PKey}/subscriptions`, options);
    return createRecordList<Subscription>(r, r.url(path, { PKey: pkey }, query), options);
  };
  const targetUrl = (target: SubscriptionTarget): URL => {
    if (typeof target === 'string') return r.href(target);
    if ('href' in target && typeof target.href === 'string') return r.href(target.href);
    if ('servicePKey' in target) {
      return r.url('/profileAndServices/service/{PKey}/subscriptions/{subscriptionPKey}', {
        PKey: target.servicePKey,
        subscriptionPKey: target.subscriptionPKey,
      });
    }
    if ('profilePKey' in target) {
      return r.url('/profileAndServices/profile/{PKey}/subscriptions/{subscriptionPKey}', {
        PKey: target.profilePKey,
        subscriptionPKey: target.subscriptionPKey,
      });
    }
    throw new ConfigurationError(
      [{ field: 'subscription', problem: 'needs an href, or servicePKey/profilePKey with subscriptionPKey' }],
      'subscriptions.unsubscribe',
    );
  };
  return {
    subscribe: async (profilePKey, servicePKey, options) =>
      r.data<Subscription>(
        'POST',
        r.url('/profileAndServices/profile/{PKey}/subscriptions', { PKey: profilePKey }),
        {
          ...options,
          body: { service: { PKey: servicePKey } },
        },
      ),
    addSubscriber: async (servicePKey, profilePKey, options) =>
      r.data<Subscription>(
        'POST',
        r.url('/profileAndServices/service/{PKey}/subscriptions', { PKey: servicePKey }),
        {
          ...options,
          body: { subscriber: { PKey: profilePKey } },
        },
      ),
    listByProfile: (profilePKey, options) => list('profile', profilePKey, options),
    listByService: (servicePKey, options) => list('service', servicePKey, options),
    async unsubscribe(target, options) {
      await r.data<unknown>('DELETE', targetUrl(target), options);
    },
  };
}
