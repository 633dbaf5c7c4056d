import { LabIcon } from '@jupyterlab/ui-components';

import emrSvg from '../style/icons/emr.svg';
import formatSqlSvg from '../style/icons/format-sql.svg';

/** Registered by name, so schemas can refer to it as `jupyterlab-emr:emr` (setting-icon). */
export const emrIcon = new LabIcon({ name: 'jupyterlab-emr:emr', svgstr: emrSvg });

export const formatSqlIcon = new LabIcon({ name: 'jupyterlab-emr:format-sql', svgstr: formatSqlSvg });
