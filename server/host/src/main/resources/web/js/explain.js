// Events in plain words: "Austria was attacked by Prussia; Russia's defensive alliance with
// Austria brought Russia into the war." Each sentence names powers and provinces by their
// display names and says why, where the event knows why.

import {enumWords} from './ui.js';

/** A namer over the scenario: power and province ids → display names. */
export function namer(scenario) {
  const names = new Map();
  for (const p of scenario.powers || []) names.set(p.id, p.name);
  for (const m of scenario.minors || []) names.set(m.id, m.name);
  for (const q of scenario.provinces || []) names.set(q.id, q.name);
  return (id) => names.get(id) || id || 'nobody';
}

/** Treaty clauses in plain words. */
export function clauseText(c, n) {
  if (c.defensiveAlliance) return 'defensive alliance: if one is attacked, the others join the war';
  if (c.offensiveAlliance) return `offensive alliance against ${n(c.offensiveAlliance.target)}`;
  if (c.nonAggression) return 'non-aggression: no attacks on each other';
  if (c.neutrality) return 'neutrality: none joins a war against another';
  if (c.armsLimit) return `arms limit: each keeps its army at or below ${c.armsLimit.cap || 0}`;
  if (c.demilitarized) {
    return `demilitarized zone: no armies in ${(c.demilitarized.provinces || []).map(n).join(', ')}`;
  }
  if (c.subsidy) {
    return `${n(c.subsidy.from)} pays ${n(c.subsidy.to)} ${c.subsidy.goldPerTurn || 0} gold a year`;
  }
  if (c.cession) return `${n(c.cession.from)} cedes ${n(c.cession.province)} to ${n(c.cession.to)}`;
  if (c.peace) return 'peace: the war between them ends';
  if (c.concert) return 'concert: no border changes without every member’s consent';
  return 'an unknown clause';
}

export function termsText(t, n) {
  const who = (t.parties || []).map(n).join(', ');
  const what = (t.clauses || []).map((c) => clauseText(c, n)).join('; ');
  const how = [t.durationTurns ? `for ${t.durationTurns} years` : 'open-ended',
    t.secret ? 'secret' : 'public'].join(', ');
  return `${who} — ${what} (${how})`;
}

const WHY_WAR = {
  WAR_CAUSE_DECLARATION: 'declared war on',
  WAR_CAUSE_ATTACK: 'attacked',
  WAR_CAUSE_DEFENSIVE_ALLIANCE: 'was brought by a defensive alliance into war with',
  WAR_CAUSE_OFFENSIVE_ALLIANCE: 'joined an offensive alliance’s war on',
  WAR_CAUSE_CONCERT: 'was brought by the concert into war with',
};

/** One event → one sentence, or null for events that say nothing to a person. */
export function explain(e, n) {
  if (e.turnStarted) return `The year ${e.turnStarted.year} begins.`;
  if (e.incomeCollected) {
    const i = e.incomeCollected;
    const weary = i.warWeariness ? `, less ${i.warWeariness} to war weariness` : '';
    return `${n(i.power)} collected ${i.net || 0} gold (provinces ${i.provinces || 0},`
      + ` investment ${i.investment || 0}${weary}).`;
  }
  if (e.upkeepPaid) return `${n(e.upkeepPaid.power)} paid ${e.upkeepPaid.gold || 0} gold to keep its armies.`;
  if (e.disbanded) {
    const d = e.disbanded;
    return d.voluntary
      ? `${n(d.power)} stood down ${d.strength} strength in ${n(d.province)}.`
      : `${n(d.power)} could not pay its armies: ${d.strength} strength in ${n(d.province)} disbanded.`;
  }
  if (e.armyRaised) return `${n(e.armyRaised.power)} raised ${e.armyRaised.strength} strength in ${n(e.armyRaised.province)}.`;
  if (e.fortBuilt) return `${n(e.fortBuilt.power)} fortified ${n(e.fortBuilt.province)} to level ${e.fortBuilt.level}.`;
  if (e.invested) return `${n(e.invested.power)} invested ${e.invested.gold} gold (${e.invested.total} in all).`;
  if (e.subsidyPaid) return `${n(e.subsidyPaid.from)} paid ${n(e.subsidyPaid.to)} ${e.subsidyPaid.gold} gold.`;
  if (e.warDeclared) {
    const w = e.warDeclared;
    const verb = WHY_WAR[w.cause] || 'went to war with';
    if (w.cause === 'WAR_CAUSE_ATTACK') return `${n(w.target)} was attacked by ${n(w.aggressor)}.`;
    return `${n(w.aggressor)} ${verb} ${n(w.target)}.`;
  }
  if (e.treatyTriggered) {
    const t = e.treatyTriggered;
    return `${n(t.attacked)} was attacked by ${n(t.enemy)}; ${n(t.ally)}’s alliance with`
      + ` ${n(t.attacked)} (treaty ${t.treatyId}) calls ${n(t.ally)} into the war.`;
  }
  if (e.stoodAside) {
    return `${n(e.stoodAside.power)} stood aside and left its ally ${n(e.stoodAside.ally)} alone:`
      + ' its credibility suffers.';
  }
  if (e.proposalMade) {
    const p = e.proposalMade.proposal || {};
    return `${n(p.proposer)} proposed: ${termsText(p.terms || {}, n)}.`;
  }
  if (e.proposalClosed) {
    const c = e.proposalClosed;
    return `Proposal ${c.proposalId} was ${enumWords(c.status, 'PROPOSAL_STATUS_')}${c.by ? ` by ${n(c.by)}` : ''}.`;
  }
  if (e.treatySigned) {
    const t = e.treatySigned.treaty || {};
    return `Treaty ${t.id} signed: ${termsText(t.terms || {}, n)}.`;
  }
  if (e.treatyEnded) return `Treaty ${e.treatyEnded.treatyId} ${enumWords(e.treatyEnded.status, 'TREATY_STATUS_')}.`;
  if (e.treatyRenounced) {
    const r = e.treatyRenounced;
    return `${n(r.by)} renounced treaty ${r.treatyId}; it ends in year-turn ${r.effectiveTurn}.`;
  }
  if (e.treatyViolated) {
    const v = e.treatyViolated;
    const terms = v.terms ? ` — it was ${termsText(v.terms, n)}` : '';
    return `${n(v.breaker)} broke treaty ${v.treatyId} (${enumWords(v.kind, 'VIOLATION_KIND_')})${terms}.`;
  }
  if (e.treatyHonoured) return `${n(e.treatyHonoured.power)} honoured treaty ${e.treatyHonoured.treatyId}.`;
  if (e.credibilityChanged) {
    const c = e.credibilityChanged;
    const d = c.delta || 0;
    return `${n(c.power)}’s credibility ${d >= 0 ? 'rose' : 'fell'} by ${Math.abs(d)} to ${c.credibility || 0}.`;
  }
  if (e.stackMoved) {
    const m = e.stackMoved;
    return `${n(m.power)} moved ${m.strength} strength from ${n(m.from)} to ${n(m.to)}.`;
  }
  if (e.battle) {
    const b = e.battle;
    const sides = (b.sides || []).map((x) => `${n(x.power)} ${x.strength || 0}`
      + `${x.support ? ` + ${x.support} support` : ''}${x.casualties ? `, lost ${x.casualties}` : ''}`);
    return `Battle in ${n(b.province)} (${sides.join(' against ')}): ${b.winner ? `${n(b.winner)} won` : 'no one won'}.`;
  }
  if (e.provinceCaptured) {
    const c = e.provinceCaptured;
    return `${n(c.to)} took ${n(c.province)} from ${n(c.from)}.`;
  }
  if (e.retreated) return `${n(e.retreated.power)} retreated ${e.retreated.strength} from ${n(e.retreated.from)} to ${n(e.retreated.to)}.`;
  if (e.stackDestroyed) return `${n(e.stackDestroyed.power)} lost its army of ${e.stackDestroyed.strength} in ${n(e.stackDestroyed.province)}.`;
  if (e.peaceMade) return `${n(e.peaceMade.a)} and ${n(e.peaceMade.b)} made peace.`;
  if (e.provinceCeded) return `${n(e.provinceCeded.from)} ceded ${n(e.provinceCeded.province)} to ${n(e.provinceCeded.to)}.`;
  if (e.hegemonyWarning) {
    return `Warning: ${n(e.hegemonyWarning.power)} holds ${Math.round((e.hegemonyWarning.share || 0) * 100)}%`
      + ' of all power — a would-be hegemon.';
  }
  if (e.powerEliminated) return `${n(e.powerEliminated.power)} was eliminated${e.powerEliminated.by ? ` by ${n(e.powerEliminated.by)}` : ''}.`;
  if (e.matchEnded) {
    const m = e.matchEnded;
    return `The match is over (${enumWords(m.reason, 'END_REASON_')})${m.winner ? `: ${n(m.winner)} wins` : ''}.`;
  }
  if (e.ordersMissed) {
    return e.ordersMissed.refused
      ? `${n(e.ordersMissed.power)}’s orders were refused; it held.`
      : `${n(e.ordersMissed.power)} gave no orders this year.`;
  }
  if (e.announcement) {
    const a = e.announcement;
    return a.kind === 'ANNOUNCEMENT_KIND_STORY' ? `News: ${a.text}` : `The host: ${a.text}`;
  }
  return null;
}
