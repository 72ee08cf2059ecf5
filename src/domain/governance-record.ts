import { z } from 'zod';
import { LevelSchema } from './level';
import { ApprovalStateSchema } from './approval-state';
import { PersonSchema } from './person';
import { KommunekodeSchema, MunicipalitySchema } from './municipality';
import { DkkSchema } from './money';

/** A steering-group member comes from a participating municipality; board members are flagged (N3 majority rule). */
export const SteeringGroupMemberSchema = z.strictObject({
  person: PersonSchema,
  municipality: KommunekodeSchema,
  boardMember: z.boolean().default(false),
});
export type SteeringGroupMember = z.infer<typeof SteeringGroupMemberSchema>;

export const SteeringGroupSchema = z.strictObject({
  members: z.array(SteeringGroupMemberSchema).max(50),
  /** accountId of the chair (styregruppeformand); must be a member. */
  chair: z.string().min(1).optional(),
  /** Set when the board has formally approved (N2) or appointed (N3) this steering group. */
  approvedByBoardAt: z.iso.datetime().optional(),
  appointedByBoard: z.boolean().default(false),
  /**
   * When the group itself elected its chair (seed 003 4.1.4: the members "ved styregruppens konstituering vælger en
   * formand"). Absent on a chair stored before elections were recorded, or stated at admission.
   */
  chairElectedAt: z.iso.datetime().optional(),
});
export type SteeringGroup = z.infer<typeof SteeringGroupSchema>;

export const CoordinationGroupMemberSchema = z.strictObject({
  person: PersonSchema,
  municipality: KommunekodeSchema.optional(),
  boardMember: z.boolean().default(false),
});

/** Formed when a project becomes a product; may be run by a supplier (domain.md "Who is who"). */
export const CoordinationGroupSchema = z.strictObject({
  members: z.array(CoordinationGroupMemberSchema).max(200),
  chair: z.string().min(1).optional(),
  supplierRun: z.boolean().default(false),
  /** When the group itself elected its chair (see SteeringGroupSchema). */
  chairElectedAt: z.iso.datetime().optional(),
});
export type CoordinationGroup = z.infer<typeof CoordinationGroupSchema>;

/** Follow or explain: a requirement is met, explained (with text) or open. */
export const RequirementAnswerSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('open') }),
  z.strictObject({
    status: z.literal('met'),
    by: PersonSchema,
    at: z.iso.datetime(),
    note: z.string().max(2000).optional(),
    /** The version of the catalogue in force when answered (catalogue-versions.ts); answers before lack it. */
    catalogueVersion: z.number().int().nonnegative().optional(),
  }),
  z.strictObject({
    status: z.literal('explained'),
    explanation: z.string().trim().min(1, 'En forklaring skal have tekst').max(4000),
    by: PersonSchema,
    at: z.iso.datetime(),
    catalogueVersion: z.number().int().nonnegative().optional(),
  }),
]);
export type RequirementAnswer = z.infer<typeof RequirementAnswerSchema>;

export const RagSchema = z.enum(['green', 'amber', 'red']);
export type Rag = z.infer<typeof RagSchema>;

/** Progress and economy reported to the secretariat (domain.md step 3, "Implementation"). */
export const StatusReportSchema = z.strictObject({
  // Not z.iso.date(): webpack 5.113 (what npm may give the Forge CLI) bundles it as z.date(); see docs/forge-app.md.
  date: z.string().date(),
  progress: z.string().trim().min(1).max(4000),
  rag: RagSchema,
  budgetDkk: DkkSchema,
  spentDkk: DkkSchema,
  forecastDkk: DkkSchema,
  reportedBy: PersonSchema,
});
export type StatusReport = z.infer<typeof StatusReportSchema>;

export const JiraProjectRefSchema = z.strictObject({
  id: z.string().regex(/^\d+$/, 'Jira-projektets id er et tal'),
  key: z.string().regex(/^[A-Z][A-Z0-9_]{1,9}$/, 'Jira-projektnøglen skal være store bogstaver, fx MO'),
});

/**
 * How a product that existed before it came into the app was admitted (seed 003 5.2: a product built elsewhere
 * may join OS2 on the same terms; products already running in OS2 are brought in as they stand). The secretariat
 * admits; on N2/N3, where the board approves projects, a running project or product waits for the board's
 * confirmation (`pending` until then).
 */
export const AdmissionSchema = z.strictObject({
  /** `os2`: already run in OS2 before the app; `external`: built by a municipality, authority or community. */
  origin: z.enum(['os2', 'external']),
  developedBy: z.string().trim().max(255).optional(),
  admittedBy: PersonSchema,
  admittedAt: z.iso.datetime(),
  boardConfirmation: z.enum(['not_required', 'pending', 'confirmed']),
  confirmedBy: PersonSchema.optional(),
  confirmedAt: z.iso.datetime().optional(),
});
export type Admission = z.infer<typeof AdmissionSchema>;

/**
 * The governance record of one product (design.md "Where data lives"). Stored in Forge storage, one key per
 * project; mirrored, signed, into the project property `os2-governance`. `revision` grows by one per save
 * and guards against lost updates.
 */
export const GovernanceRecordSchema = z.strictObject({
  name: z.string().trim().min(1, 'Produktet skal have et navn').max(255),
  project: JiraProjectRefSchema,
  level: LevelSchema,
  state: ApprovalStateSchema,
  catalogue: z.string().min(1).max(64).default('os2-2016'),
  /**
   * When the secretariat first placed the idea on a level (domain.md step 1). Before that the level is
   * provisional and the secretariat may set it; after it, only the board changes the level (step 5).
   */
  placedOnLevelAt: z.iso.datetime().optional(),
  /**
   * The secretariat's recommendation (indstilling) an N2/N3 concept goes to the board with: "approval happens on
   * the basis of a recommendation from the business manager" (seed 003 5.4.3). Set by `submitToBoard`, cleared
   * when the concept goes back to the idea stage; the board approves only on one.
   */
  recommendation: z
    .strictObject({ by: PersonSchema, at: z.iso.datetime(), basis: z.string().max(4000) })
    .optional(),
  /**
   * The budget baseline (seed 003 4.1.4: "the project's economy is clarified at the start and must be approved by
   * the steering group and, for N2 and N3 projects, also by the board"). Proposed by the project, approved in
   * that order; a new proposal clears the approvals. `funding`: local funds or through OS2 (N2/N3 only, 5.3).
   */
  budget: z
    .strictObject({
      amountDkk: DkkSchema,
      funding: z.enum(['local', 'os2']),
      proposedBy: PersonSchema,
      proposedAt: z.iso.datetime(),
      steeringApproval: z.strictObject({ by: PersonSchema, at: z.iso.datetime() }).optional(),
      boardApproval: z.strictObject({ by: PersonSchema, at: z.iso.datetime() }).optional(),
    })
    .optional(),
  /**
   * The steering group's approval of the project description (seed 003 4.1.4: "Godkende projektbeskrivelse"); the
   * catalogue's `project_description_approved` check reads it. A small N1 project's owner approves where there is
   * no steering group.
   */
  projectDescriptionApproval: z
    .strictObject({
      by: PersonSchema,
      at: z.iso.datetime(),
      body: z.enum(['steering_group', 'project_owner']),
    })
    .optional(),
  /**
   * The product's development frame (seed 003 4.1.5: the coordination group manages "the funds allotted to
   * development under each product" and recommends to the board what lies outside "the frame of the product's
   * economy"). Set by the coordination group, and for N2/N3 approved by the board (as the product's economy, 4.1.5);
   * the board may set it itself. A change by the coordination group clears the board's approval. Change requests
   * are checked against it, never against an amount typed by whoever decides (issue 14 finding 4).
   */
  developmentFrame: z
    .strictObject({
      amountDkk: DkkSchema,
      setBy: PersonSchema,
      setAt: z.iso.datetime(),
      body: z.enum(['coordination_group', 'board']),
      boardApproval: z.strictObject({ by: PersonSchema, at: z.iso.datetime() }).optional(),
    })
    .optional(),
  /** Present when the product was admitted as it stood rather than registered as an idea. */
  admission: AdmissionSchema.optional(),
  steeringGroup: SteeringGroupSchema.optional(),
  /**
   * A change of a running N2 project's steering group, proposed by the group itself and waiting for the board's
   * formal approval (seed 003 5.4.3: the steering group "formelt skal godkendes af bestyrelsen"); until then the
   * approved group stays in force. `approveSteeringGroup` applies it.
   */
  steeringGroupProposal: z
    .strictObject({
      members: z.array(SteeringGroupMemberSchema).min(1).max(50),
      proposedBy: PersonSchema,
      proposedAt: z.iso.datetime(),
    })
    .optional(),
  /** A small N1 project may have a single project owner instead of a steering group. */
  projectOwner: PersonSchema.optional(),
  /** Runs the project and attends the steering group as its secretary; not a member. */
  projectLeader: PersonSchema.optional(),
  coordinationGroup: CoordinationGroupSchema.optional(),
  municipalities: z.array(MunicipalitySchema).max(98),
  requirements: z.record(z.string().max(64), RequirementAnswerSchema).default({}),
  /**
   * The version of its catalogue the record's answers were last assessed against: the board's version in force
   * when an answer was last saved (catalogue-versions.ts `catalogueFor`, `newSince`). Absent on records whose
   * answers all predate versioning (read as "not known").
   */
  catalogueVersion: z.number().int().nonnegative().optional(),
  statusReports: z.array(StatusReportSchema).max(500).default([]),
  revision: z.number().int().nonnegative(),
  updatedAt: z.iso.datetime(),
});
export type GovernanceRecord = z.infer<typeof GovernanceRecordSchema>;
