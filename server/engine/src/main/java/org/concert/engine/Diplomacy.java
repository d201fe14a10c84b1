package org.concert.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.concert.protocol.v1.Clause;
import org.concert.protocol.v1.DiplomacyAction;
import org.concert.protocol.v1.Event;
import org.concert.protocol.v1.PeaceMade;
import org.concert.protocol.v1.Problem;
import org.concert.protocol.v1.ProblemCode;
import org.concert.protocol.v1.Proposal;
import org.concert.protocol.v1.ProposalClosed;
import org.concert.protocol.v1.ProposalMade;
import org.concert.protocol.v1.ProposalStatus;
import org.concert.protocol.v1.ProposalTerms;
import org.concert.protocol.v1.Treaty;
import org.concert.protocol.v1.TreatyRenounced;
import org.concert.protocol.v1.TreatySigned;
import org.concert.protocol.v1.TreatyStatus;

/**
 * The diplomacy window: proposals, signatures, counters, withdrawals and renunciations. A
 * proposal signed by all its parties is a treaty in force from that moment.
 */
final class Diplomacy {
  private final GameState s;
  private final Board b;
  private final int power;
  private final String me;
  private final EventLog log;
  private final List<Problem> problems = new ArrayList<>();
  private String created = "";

  private Diplomacy(GameState s, int power) {
    this.s = s;
    this.b = s.board;
    this.power = power;
    this.me = b.powerId(power);
    this.log = new EventLog(b, s.turn);
  }

  /** Applies one act to a copy of the state; on any problem, the state is returned unchanged. */
  static Engine.Outcome act(GameState start, int power, DiplomacyAction action) {
    Diplomacy d = new Diplomacy(start.copyForDiplomacy(), power);
    d.run(action);
    if (!d.problems.isEmpty()) {
      return new Engine.Outcome(start, List.of(), d.problems, "");
    }
    return new Engine.Outcome(d.s, d.log.events(), List.of(), d.created);
  }

  private void problem(ProblemCode code, String field, String message) {
    problems.add(Problem.newBuilder().setCode(code).setField(field).setMessage(message).build());
  }

  private void run(DiplomacyAction action) {
    if (s.finished) {
      problem(ProblemCode.PROBLEM_CODE_MATCH_FINISHED, "", "the match is over");
      return;
    }
    if (!s.alive[power]) {
      problem(ProblemCode.PROBLEM_CODE_POWER_ELIMINATED, "", me + " has been eliminated");
      return;
    }
    switch (action.getKindCase()) {
      case PROPOSE -> propose(action.getPropose(), "propose", "");
      case ACCEPT -> accept(action.getAccept());
      case REJECT -> close(action.getReject(), "reject", ProposalStatus.PROPOSAL_STATUS_REJECTED);
      case COUNTER -> {
        Proposal original = open(action.getCounter().getProposalId(), "counter.proposal_id");
        if (original != null && checkTerms(action.getCounter().getTerms(), "counter.terms")) {
          Proposal counter = propose(action.getCounter().getTerms(), "counter.terms",
              original.getId());
          if (counter != null) {
            replace(original.toBuilder().setStatus(ProposalStatus.PROPOSAL_STATUS_COUNTERED)
                .build(), counter.getId());
          }
        }
      }
      case WITHDRAW -> {
        Proposal p = open(action.getWithdraw(), "withdraw");
        if (p != null && !p.getProposer().equals(me)) {
          problem(ProblemCode.PROBLEM_CODE_NOT_PROPOSER, "withdraw",
              "only " + p.getProposer() + ", who made " + p.getId() + ", can withdraw it");
        } else if (p != null) {
          replace(p.toBuilder().setStatus(ProposalStatus.PROPOSAL_STATUS_WITHDRAWN).build(), "");
        }
      }
      case RENOUNCE -> renounce(action.getRenounce());
      default -> problem(ProblemCode.PROBLEM_CODE_EMPTY, "", "an empty diplomatic act");
    }
  }

  private Proposal propose(ProposalTerms terms, String field, String counters) {
    if (!checkTerms(terms, field)) {
      return null;
    }
    if (s.proposalsThisTurn[power] >= s.rules.maxProposals()) {
      problem(ProblemCode.PROBLEM_CODE_TOO_MANY_PROPOSALS, field,
          me + " has made " + s.proposalsThisTurn[power] + " proposals this turn, the most allowed");
      return null;
    }
    s.proposalsThisTurn[power]++;
    Proposal p = Proposal.newBuilder()
        .setId(s.newProposalId()).setProposer(me).setTerms(terms)
        .addSigned(me).setStatus(ProposalStatus.PROPOSAL_STATUS_OPEN).setTurn(s.turn)
        .setCounters(counters).build();
    s.proposals.add(p);
    created = p.getId();
    log.to(Event.newBuilder().setProposalMade(ProposalMade.newBuilder().setProposal(p)),
        parties(terms));
    return p;
  }

  private int[] parties(ProposalTerms terms) {
    int[] ps = new int[terms.getPartiesCount()];
    int n = 0;
    for (int i = 0; i < ps.length; i++) {
      int p = b.power(terms.getParties(i));
      if (p >= 0) {
        ps[n++] = p;
      }
    }
    return n == ps.length ? ps : Arrays.copyOf(ps, n);
  }

  /** Every problem with a set of terms, each at its field. */
  private boolean checkTerms(ProposalTerms t, String field) {
    int before = problems.size();
    Set<String> seenParties = new HashSet<>();
    for (int i = 0; i < t.getPartiesCount(); i++) {
      String id = t.getParties(i);
      int p = b.power(id);
      if (p < 0) {
        problem(ProblemCode.PROBLEM_CODE_UNKNOWN_POWER, field + ".parties[" + i + "]",
            "unknown power \"" + id + "\"");
      } else if (!s.alive[p]) {
        problem(ProblemCode.PROBLEM_CODE_POWER_ELIMINATED, field + ".parties[" + i + "]",
            id + " has been eliminated");
      } else if (!seenParties.add(id)) {
        problem(ProblemCode.PROBLEM_CODE_DUPLICATE_ORDER, field + ".parties[" + i + "]",
            id + " is named twice");
      }
    }
    if (!seenParties.contains(me)) {
      problem(ProblemCode.PROBLEM_CODE_NOT_A_PARTY, field + ".parties",
          "the proposer " + me + " must be one of the parties");
    }
    if (seenParties.size() < 2) {
      problem(ProblemCode.PROBLEM_CODE_TOO_FEW_PARTIES, field + ".parties",
          "a treaty needs at least two parties");
    }
    if (t.getClausesCount() == 0) {
      problem(ProblemCode.PROBLEM_CODE_CLAUSE_INVALID, field + ".clauses",
          "a proposal needs at least one clause");
    }
    if (t.getDurationTurns() < 0) {
      problem(ProblemCode.PROBLEM_CODE_AMOUNT_NOT_POSITIVE, field + ".duration_turns",
          "duration cannot be negative (0 means open-ended)");
    }
    for (int i = 0; i < t.getClausesCount(); i++) {
      clause(t.getClauses(i), field + ".clauses[" + i + "]", seenParties);
    }
    return problems.size() == before;
  }

  private void clause(Clause c, String f, Set<String> parties) {
    switch (c.getKindCase()) {
      case DEFENSIVE_ALLIANCE, NON_AGGRESSION, NEUTRALITY -> {
        // No arguments; allies at war with each other must make peace first.
        if (c.hasDefensiveAlliance()) {
          for (String a : parties) {
            for (String x : parties) {
              int pa = b.power(a);
              int px = b.power(x);
              if (pa >= 0 && px >= 0 && pa < px && s.warSince[pa][px] != 0) {
                problem(ProblemCode.PROBLEM_CODE_CLAUSE_INVALID, f,
                    a + " and " + x + " are at war; they must make peace before allying");
              }
            }
          }
        }
      }
      case OFFENSIVE_ALLIANCE -> {
        String target = c.getOffensiveAlliance().getTarget();
        int p = b.power(target);
        if (p < 0) {
          problem(ProblemCode.PROBLEM_CODE_UNKNOWN_POWER, f + ".offensive_alliance.target",
              "unknown power \"" + target + "\"");
        } else if (parties.contains(target)) {
          problem(ProblemCode.PROBLEM_CODE_CLAUSE_INVALID, f + ".offensive_alliance.target",
              "the target " + target + " cannot be a party");
        }
      }
      case ARMS_LIMIT -> {
        if (c.getArmsLimit().getCap() < 0) {
          problem(ProblemCode.PROBLEM_CODE_AMOUNT_NOT_POSITIVE, f + ".arms_limit.cap",
              "an arms cap cannot be negative");
        }
      }
      case DEMILITARIZED -> {
        if (c.getDemilitarized().getProvincesCount() == 0) {
          problem(ProblemCode.PROBLEM_CODE_CLAUSE_INVALID, f + ".demilitarized.provinces",
              "name at least one province");
        }
        for (int i = 0; i < c.getDemilitarized().getProvincesCount(); i++) {
          String q = c.getDemilitarized().getProvinces(i);
          if (b.province(q) < 0) {
            problem(ProblemCode.PROBLEM_CODE_UNKNOWN_PROVINCE,
                f + ".demilitarized.provinces[" + i + "]", "unknown province \"" + q + "\"");
          }
        }
      }
      case SUBSIDY -> {
        var sub = c.getSubsidy();
        partyRef(sub.getFrom(), f + ".subsidy.from", parties);
        partyRef(sub.getTo(), f + ".subsidy.to", parties);
        if (sub.getFrom().equals(sub.getTo())) {
          problem(ProblemCode.PROBLEM_CODE_SELF_TARGET, f + ".subsidy.to",
              "a subsidy goes from one party to another");
        }
        if (sub.getGoldPerTurn() <= 0) {
          problem(ProblemCode.PROBLEM_CODE_AMOUNT_NOT_POSITIVE, f + ".subsidy.gold_per_turn",
              "gold per turn must be at least 1");
        }
      }
      case CESSION -> {
        var ces = c.getCession();
        partyRef(ces.getFrom(), f + ".cession.from", parties);
        partyRef(ces.getTo(), f + ".cession.to", parties);
        int q = b.province(ces.getProvince());
        if (q < 0) {
          problem(ProblemCode.PROBLEM_CODE_UNKNOWN_PROVINCE, f + ".cession.province",
              "unknown province \"" + ces.getProvince() + "\"");
        } else if (!b.ownerId(s.owner[q]).equals(ces.getFrom())) {
          problem(ProblemCode.PROBLEM_CODE_NOT_OWN_PROVINCE, f + ".cession.province",
              ces.getProvince() + " is not " + ces.getFrom() + "'s to cede");
        }
        if (ces.getFrom().equals(ces.getTo())) {
          problem(ProblemCode.PROBLEM_CODE_SELF_TARGET, f + ".cession.to",
              "a cession goes from one party to another");
        }
      }
      case PEACE -> {
        boolean war = false;
        for (String a : parties) {
          for (String x : parties) {
            int pa = b.power(a);
            int px = b.power(x);
            war |= pa >= 0 && px >= 0 && s.warSince[pa][px] != 0;
          }
        }
        if (!war) {
          problem(ProblemCode.PROBLEM_CODE_NOT_AT_WAR, f + ".peace",
              "no two parties are at war; a non-aggression pact is what keeps a peace");
        }
      }
      case CONCERT -> {
        if (parties.size() < 3) {
          problem(ProblemCode.PROBLEM_CODE_TOO_FEW_PARTIES, f + ".concert",
              "a concert needs at least three great powers");
        }
      }
      default -> problem(ProblemCode.PROBLEM_CODE_EMPTY, f, "an empty clause");
    }
  }

  private void partyRef(String id, String field, Set<String> parties) {
    if (!parties.contains(id)) {
      problem(ProblemCode.PROBLEM_CODE_NOT_A_PARTY, field, "\"" + id + "\" is not a party");
    }
  }

  /** An open proposal the acting power is party to; to anyone else it does not exist. */
  private Proposal open(String id, String field) {
    for (Proposal p : s.proposals) {
      if (p.getId().equals(id) && p.getTerms().getPartiesList().contains(me)) {
        if (p.getStatus() != ProposalStatus.PROPOSAL_STATUS_OPEN) {
          problem(ProblemCode.PROBLEM_CODE_PROPOSAL_NOT_OPEN, field, id + " is no longer open");
          return null;
        }
        return p;
      }
    }
    problem(ProblemCode.PROBLEM_CODE_UNKNOWN_PROPOSAL, field, "no proposal \"" + id + "\"");
    return null;
  }

  private void replace(Proposal closed, String counterId) {
    for (int k = 0; k < s.proposals.size(); k++) {
      if (s.proposals.get(k).getId().equals(closed.getId())) {
        s.proposals.set(k, closed);
      }
    }
    log.to(Event.newBuilder().setProposalClosed(ProposalClosed.newBuilder()
        .setProposalId(closed.getId()).setStatus(closed.getStatus()).setBy(me)
        .setCounterId(counterId)), parties(closed.getTerms()));
  }

  private void close(String id, String field, ProposalStatus status) {
    Proposal p = open(id, field);
    if (p != null) {
      replace(p.toBuilder().setStatus(status).build(), "");
    }
  }

  private void accept(String id) {
    Proposal p = open(id, "accept");
    if (p == null) {
      return;
    }
    if (p.getSignedList().contains(me)) {
      problem(ProblemCode.PROBLEM_CODE_ALREADY_SIGNED, "accept", me + " has already signed " + id);
      return;
    }
    Proposal signed = p.toBuilder().addSigned(me).build();
    if (signed.getSignedCount() < p.getTerms().getPartiesCount()) {
      for (int k = 0; k < s.proposals.size(); k++) {
        if (s.proposals.get(k).getId().equals(id)) {
          s.proposals.set(k, signed);
        }
      }
      log.to(Event.newBuilder().setProposalMade(ProposalMade.newBuilder().setProposal(signed)),
          parties(p.getTerms()));
      return;
    }
    replace(signed.toBuilder().setStatus(ProposalStatus.PROPOSAL_STATUS_SIGNED).build(), "");
    int duration = p.getTerms().getDurationTurns();
    Treaty t = Treaty.newBuilder().setId(s.newTreatyId(p.getTerms().getSecret()))
        .setTerms(p.getTerms())
        .setSignedTurn(s.turn).setLastTurn(duration == 0 ? 0 : s.turn + duration - 1)
        .setStatus(TreatyStatus.TREATY_STATUS_IN_FORCE).setProposalId(p.getId()).build();
    s.treaties.add(t);
    Event.Builder e = Event.newBuilder().setTreatySigned(TreatySigned.newBuilder().setTreaty(t));
    if (p.getTerms().getSecret()) {
      log.to(e, parties(p.getTerms()));
    } else {
      log.everyone(e);
    }
    for (Clause c : p.getTerms().getClausesList()) {
      if (c.hasPeace()) {
        int[] ps = parties(p.getTerms());
        for (int x = 0; x < ps.length; x++) {
          for (int y = x + 1; y < ps.length; y++) {
            if (s.warSince[ps[x]][ps[y]] != 0) {
              s.warSince[ps[x]][ps[y]] = s.warSince[ps[y]][ps[x]] = 0;
              log.everyone(Event.newBuilder().setPeaceMade(PeaceMade.newBuilder()
                  .setA(b.powerId(ps[x])).setB(b.powerId(ps[y])).setTreatyId(t.getId())));
            }
          }
        }
      }
    }
  }

  private void renounce(String id) {
    for (int k = 0; k < s.treaties.size(); k++) {
      Treaty t = s.treaties.get(k);
      if (!t.getId().equals(id)) {
        continue;
      }
      if (!t.getTerms().getPartiesList().contains(me)) {
        if (Views.mayKnow(t, me)) {
          problem(ProblemCode.PROBLEM_CODE_NOT_A_PARTY, "renounce", me + " is not a party to " + id);
        } else {
          // A secret treaty does not exist for those outside it.
          problem(ProblemCode.PROBLEM_CODE_UNKNOWN_TREATY, "renounce", "no treaty \"" + id + "\"");
        }
      } else if (t.getStatus() != TreatyStatus.TREATY_STATUS_IN_FORCE) {
        problem(ProblemCode.PROBLEM_CODE_UNKNOWN_TREATY, "renounce", id + " is not in force");
      } else if (t.getRenounceEffectiveTurn() != 0) {
        problem(ProblemCode.PROBLEM_CODE_ALREADY_RENOUNCED, "renounce",
            id + " was already renounced by " + t.getRenouncedBy());
      } else {
        int effective = s.turn + s.rules.renounceNotice();
        s.treaties.set(k, t.toBuilder().setRenouncedBy(me).setRenounceEffectiveTurn(effective)
            .build());
        Event.Builder e = Event.newBuilder().setTreatyRenounced(TreatyRenounced.newBuilder()
            .setTreatyId(id).setBy(me).setEffectiveTurn(effective));
        if (Views.mayKnow(t, "")) {
          log.everyone(e);
        } else {
          log.to(e, parties(t.getTerms()));
        }
      }
      return;
    }
    problem(ProblemCode.PROBLEM_CODE_UNKNOWN_TREATY, "renounce", "no treaty \"" + id + "\"");
  }
}
