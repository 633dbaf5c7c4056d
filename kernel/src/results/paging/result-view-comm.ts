import { CommTargetHandler } from '../../core/comm-manager';
import { JsonObject } from '../../protocol/messages';
import { ResultViewService } from './result-view-service';

/**
 * The kernel's end of the `emr-livy.result-view` comm: one comm per table, each message a
 * request answered by one reply carrying its requestId. Without a comm (nbclient, papermill)
 * nothing asks, and the output keeps the first page and the chart it was sent with.
 */
export function resultViewCommTarget(service: ResultViewService): CommTargetHandler {
  return comm => ({
    onMessage: async message => {
      comm.send((await service.handle(message)) as unknown as JsonObject);
    }
  });
}
