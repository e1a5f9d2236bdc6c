export {
  createRedisTokenStore,
  type RedisClientLike,
  type RedisTokenStore,
  type RedisTokenStoreOptions,
} from './redis-store.js';
