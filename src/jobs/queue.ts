import type { JobRepository } from './repository.ts';

/**
 * The job queue as other capabilities use it: enqueue a job (at most one active per singleton
 * key) and ask whether one is active. The worker (`worker.ts`) claims, extends and completes.
 */
export type JobQueue = Pick<JobRepository, 'enqueue' | 'activeBySingleton'>;
