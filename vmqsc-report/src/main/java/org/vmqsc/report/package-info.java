/** Comparison of protocols, parameter sweeps, charts, HTML reports and space-time diagrams. */
package org.vmqsc.report;
