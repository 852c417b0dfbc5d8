/** `POST /api/v1/signup`: an institution signs up on its own. */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { SignupSchema } from "@tandem/tenancy";
import * as v from "valibot";
import { authContextOf } from "../middleware/auth.js";
import type { AppEnv } from "../middleware/request-context.js";
import { jsonResponse, ref, validated } from "../openapi.js";
import { signUpInstitution } from "../services/signup.js";
import { InstitutionSchema } from "./schemas.js";

export const signupRoutes = new Hono<AppEnv>().post(
  "/api/v1/signup",
  describeRoute({
    operationId: "signUp",
    tags: ["accounts"],
    summary: "Sign up an institution; its first admin gets an email to confirm and sign in",
    responses: {
      201: jsonResponse("The institution was created", v.object({ institution: InstitutionSchema, message: v.string() })),
      400: ref("ValidationFailed"),
      409: ref("Conflict"),
      429: ref("TooManyRequests"),
    },
  }),
  validated("json", SignupSchema),
  async (c) => {
    const input = c.req.valid("json");
    const institution = await signUpInstitution(authContextOf(c), input, { ip: c.req.header("cf-connecting-ip") ?? "unknown", requestId: c.var.requestId });
    return c.json({ institution, message: `We sent a link to ${input.admin.email}. Open it to confirm your email and sign in.` }, 201);
  },
);
