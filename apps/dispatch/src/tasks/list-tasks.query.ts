import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '#libs/auth';
import { Task, taskView } from './task.entity.js';

const LIST_LIMIT = 500;

/** A department's own tasks, newest first. */
@Injectable()
export class ListTasksQuery {
  constructor(private readonly dataSource: DataSource) {}

  async execute(actor: Actor) {
    const tasks = await this.dataSource
      .getRepository(Task)
      .find({ where: { unitId: actor.orgId }, order: { createdAt: 'DESC' }, take: LIST_LIMIT });
    return tasks.map(taskView);
  }
}
