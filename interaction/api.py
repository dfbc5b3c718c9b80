"""The 信访系统 interface under /api/v1/interaction/ (000 第十条): a token-authenticated export of new 投诉举报
and the import of their status and results. Documented in /api/v1/openapi.json."""

import hashlib
import secrets

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from . import lifecycle
from .models import ApiClient, Case, MailboxKind


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def create_client(site, name):
    """A new client for a site; returns (client, token). Only the token's hash is stored."""
    token = secrets.token_urlsafe(32)
    return ApiClient.objects.create(site=site, name=name, token_hash=hash_token(token)), token


class ClientTokenAuthentication(BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("令牌格式错误，应为：Authorization: Token <令牌>"))
        client = ApiClient.objects.filter(token_hash=hash_token(parts[1].decode(errors="replace")), active=True).first()
        if client is None:
            raise exceptions.AuthenticationFailed(_("令牌无效或已停用。"))
        return AnonymousUser(), client

    def authenticate_header(self, request):
        return self.keyword


class ClientTokenScheme(OpenApiAuthenticationExtension):
    target_class = "interaction.api.ClientTokenAuthentication"
    name = "ClientToken"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization", "description": "Token <令牌>"}


class IsClient(BasePermission):
    message = _("需要接口令牌。")

    def has_permission(self, request, view):
        return isinstance(request.auth, ApiClient)


class ExportedCaseSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="tracking_code", help_text="查询码（回传结果时使用）")
    mailbox = serializers.CharField(source="mailbox.name")

    class Meta:
        model = Case
        fields = ["code", "mailbox", "title", "content", "writer_name", "phone", "email", "received_at", "accepted_at", "answer_due"]


class ResultSerializer(serializers.Serializer):
    external_id = serializers.CharField(required=False, allow_blank=True, max_length=60, help_text="信访系统编号")
    status = serializers.CharField(required=False, allow_blank=True, max_length=60, help_text="信访系统中的办理状态")
    reply = serializers.CharField(required=False, allow_blank=True, help_text="办理结果（答复内容）")
    department = serializers.CharField(required=False, allow_blank=True, max_length=120, help_text="答复部门")
    replied_at = serializers.DateTimeField(required=False, allow_null=True, help_text="答复时间")

    def validate(self, data):
        if data.get("reply") and not data.get("department"):
            raise serializers.ValidationError({"department": _("回传答复时须注明答复部门。")})
        if not any(data.get(k) for k in ("external_id", "status", "reply")):
            raise serializers.ValidationError(_("请至少回传信访系统编号、状态或办理结果之一。"))
        return data


def _complaints(client):
    return Case.objects.filter(site_id=client.site_id, mailbox__kind=MailboxKind.COMPLAINT, mailbox__external_system=True)


class ComplaintExportView(APIView):
    authentication_classes = [ClientTokenAuthentication]
    permission_classes = [IsClient]

    @extend_schema(
        summary="导出新的投诉举报", tags=["政民互动"],
        description="已受理、尚未导出的投诉举报（000 第十条）。取出后标记为已导出；`all=1` 重新列出全部未办结的。",
        parameters=[OpenApiParameter("all", bool, description="列出全部未办结的，而非仅未导出的")],
        responses={200: ExportedCaseSerializer(many=True)},
    )
    def get(self, request):
        cases = _complaints(request.auth).filter(status__in=[Case.Status.ACCEPTED, Case.Status.FORWARDED, Case.Status.DRAFTED])
        if request.query_params.get("all") not in ("1", "true"):
            cases = cases.filter(exported_at__isnull=True)
        with transaction.atomic():
            rows = list(cases.select_related("mailbox").select_for_update(of=("self",)).order_by("received_at"))
            Case.objects.filter(pk__in=[c.pk for c in rows], exported_at__isnull=True).update(exported_at=timezone.now())
        return Response(ExportedCaseSerializer(rows, many=True).data)


class ComplaintResultView(APIView):
    authentication_classes = [ClientTokenAuthentication]
    permission_classes = [IsClient]

    @extend_schema(
        summary="回传办理状态和结果", tags=["政民互动"], request=ResultSerializer,
        description="同一结果重复回传不产生变化（changed=false）；未知查询码返回404。",
        responses={
            200: inline_serializer("ResultAccepted", {"code": serializers.CharField(), "changed": serializers.BooleanField(), "status": serializers.CharField()}),
            400: OpenApiResponse(description="数据有误"), 404: OpenApiResponse(description="没有这件投诉举报"),
        },
    )
    def post(self, request, code):
        case = _complaints(request.auth).filter(tracking_code=code.upper()).first()
        if case is None:
            return Response({"detail": _("没有查询码为 %(c)s 的投诉举报。") % {"c": code}}, status=status.HTTP_404_NOT_FOUND)
        serializer = ResultSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            changed = lifecycle.apply_external_result(
                case, external_id=data.get("external_id", ""), external_status=data.get("status", ""),
                reply=data.get("reply", ""), department=data.get("department", ""), replied_at=data.get("replied_at"),
            )
        except ValidationError as error:
            return Response({"detail": " ".join(error.messages)}, status=status.HTTP_400_BAD_REQUEST)
        case.refresh_from_db()
        return Response({"code": case.tracking_code, "changed": changed, "status": case.get_status_display()})


urlpatterns = [
    path("complaints/", ComplaintExportView.as_view(), name="interaction-api-complaints"),
    path("complaints/<str:code>/result/", ComplaintResultView.as_view(), name="interaction-api-result"),
]
