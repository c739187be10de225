/**
 * The oracle's checks over what the guests themselves hold (SPEC §4): one implementation that
 * the simulator's oracle and the runtime's check both call, so a property means the same thing
 * whichever driver ran the protocol. Pure: the callers gather the facts (ledgers, digests,
 * balances), these classes only judge them.
 */
package org.vmqsc.core.check;
